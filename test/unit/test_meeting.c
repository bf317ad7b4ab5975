/* test_meeting.c: quorum and vote rules of meetings (M2, M3) around "more
** than half", and attachment types (B1). */
#include "tester.h"
#include "meeting.h"

void test_meeting(void);

/* M2 with nEntitled entitled, nPresent of them present, nYes yes. */
static void m2(const char *zName, int nE, int nP, int nY, int nW, int bQ,
               int bPass)
{
    int q = -1, p = -1;
    char z[96];
    meeting_m2(nE, nP, nY, nW, &q, &p);
    snprintf(z, sizeof z, "%s-quorum", zName);
    T_INT(z, q, bQ);
    snprintf(z, sizeof z, "%s-passed", zName);
    T_INT(z, p, bPass);
}

void test_meeting(void)
{
    /* Entitled 9: more than half present means 5. */
    m2("m2-quorum-9-present-4", 9, 4, 4, 0, 0, 0);
    m2("m2-quorum-9-present-5", 9, 5, 5, 0, 1, 1);
    /* Yes counted against the entitled 9, not against those present. */
    m2("m2-pass-9-yes-4-of-5-present", 9, 5, 4, 0, 1, 0);
    m2("m2-pass-9-yes-5", 9, 9, 5, 0, 1, 1);
    /* Even: 10 entitled need 6. */
    m2("m2-quorum-10-present-5", 10, 5, 5, 0, 0, 0);
    m2("m2-quorum-10-present-6", 10, 6, 6, 0, 1, 1);
    /* Written yes votes of absent entitled members count for passing. */
    m2("m2-written-yes", 9, 5, 4, 1, 1, 1);
    /* Probationary members present are not passed in as entitled or
    ** present: 9 entitled, 4 full present + 2 probationary → present 4. */
    m2("m2-probationary-do-not-count", 9, 4, 4, 0, 0, 0);
    m2("m2-none-entitled", 0, 0, 0, 0, 0, 0);
    T_CHECK("m3-committee-5-present-2", !meeting_m3(5, 2));
    T_CHECK("m3-committee-5-present-3", meeting_m3(5, 3));
    T_CHECK("m3-committee-4-present-2", !meeting_m3(4, 2));
    T_CHECK("m3-committee-4-present-3", meeting_m3(4, 3));
    T_CHECK("m3-committee-3-present-2", meeting_m3(3, 2));
    T_CHECK("m3-committee-empty", !meeting_m3(0, 0));
    T_STR("b1-file-png", meeting_file_type("\x89PNG\r\n\x1a\n", 8),
          "image/png");
    T_STR("b1-file-jpg", meeting_file_type("\xff\xd8\xff\xe0", 4),
          "image/jpeg");
    T_STR("b1-file-pdf", meeting_file_type("%PDF-1.7", 8), "application/pdf");
    T_CHECK("b1-file-gif", meeting_file_type("GIF89a", 6) == 0);
    T_CHECK("b1-file-short", meeting_file_type("\xff\xd8", 2) == 0);
}
