/* test_buf.c: the growable buffer. */
#include "tester.h"
#include "../../src/buf.h"
#include <stdlib.h>

void test_buf(void);
void test_buf(void)
{
    Buf b = BUF_INIT;
    T_STR("buf-1.1 empty", buf_str(&b), "");
    buf_appendf(&b, "%d-%s", 42, "x");
    buf_append_html(&b, "<a&'\">");
    T_STR("buf-1.2 appendf+html", buf_str(&b), "42-x&lt;a&amp;&#39;&quot;&gt;");
    for (int i = 0; i < 1000; i++)
        buf_appends(&b, "0123456789");
    T_INT("buf-1.3 grow", b.n, 29 + 10000);
    char *z = buf_take(&b);
    T_INT("buf-1.4 take resets", b.n, 0);
    free(z);
    buf_free(&b);
}
