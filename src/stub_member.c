/* stub_member.c: TEMPORARY placeholders until api_member.c lands. */
#include "api.h"
#include "cmd_data.h"
#define STUB(f) void f(Req *r) { reply_error(r, ZE_INTERNAL, 0, "未实现"); }
STUB(api_member_list)
STUB(api_member_create)
STUB(api_member_get)
STUB(api_member_patch)
STUB(api_member_import)
STUB(api_member_export)
STUB(api_import_template)
STUB(api_me_get)
STUB(api_me_export)
int cmd_import(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_export(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_demo(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_gen(int argc, char **argv) { (void)argc; (void)argv; return 2; }
