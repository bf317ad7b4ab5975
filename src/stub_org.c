/* stub_org.c: TEMPORARY placeholders until api_org.c lands; deleted then. */
#include "api.h"
#define STUB(f) void f(Req *r) { reply_error(r, ZE_INTERNAL, 0, "未实现"); }
STUB(api_org_get)
STUB(api_org_children)
STUB(api_org_create)
STUB(api_org_patch)
STUB(api_org_checks)
STUB(api_post_list)
STUB(api_post_create)
STUB(api_post_delete)
