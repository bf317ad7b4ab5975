/* fake.h: deterministic fake people for the demo (demo.c) and the benchmark
** generator (gen.c): a seeded PRNG, plausible Chinese names, valid resident
** ID numbers (GB 11643-1999) and mobile numbers, ethnicity and education
** distributions.  No rand(), no globals: the same seed gives the same data. */
#ifndef ZHIBU_FAKE_H
#define ZHIBU_FAKE_H
#include <stdint.h>

/* xoshiro256** state. */
typedef struct Rng {
    uint64_t s[4]; /* never all zero */
} Rng;

/* Seed r from a 64-bit seed (through splitmix64). */
void fake_seed(Rng *r, uint64_t iSeed);
/* Next 64 random bits. */
uint64_t fake_next(Rng *r);
/* Uniform integer in lo..hi inclusive (hi >= lo). */
int fake_range(Rng *r, int lo, int hi);
/* 1 with probability nPercent / 100. */
int fake_chance(Rng *r, int nPercent);
/* Index 0..n-1 drawn with weights aW[0..n). */
int fake_weighted(Rng *r, const int *aW, int n);

/* A plausible Chinese full name (UTF-8) for someone of sex bMale born in
** iYear: a common surname and a one- or two-character given name in the
** style of the era; a short list of well-known people is never produced.
** Writes into zOut[32]. */
void fake_name(Rng *r, int bMale, int iYear, char zOut[32]);
/* The GB 11643-1999 check character for the 17 digits at z17. */
char fake_id_check(const char *z17);
/* Build an 18-character ID number into zOut[19] from the 6-digit area
** code zArea, the birth date y-m-d and the sequence iSeq (0..999; its
** parity must match the sex: odd = male). */
void fake_id_number(const char *zArea, int y, int m, int d, int iSeq,
                    char zOut[19]);
/* A valid mainland mobile number 1[3-9]xxxxxxxxx into zOut[12]. */
void fake_phone(Rng *r, char zOut[12]);
/* An ethnicity (民族), about 96% 汉族.  Static string. */
const char *fake_ethnicity(Rng *r);
/* Education (学历) for someone born in iYear working in a unit of kind
** iKind (FAKE_UNIT_*).  Static string, one of 研究生, 大学本科, 大学专科,
** 中专, 高中, 初中及以下. */
const char *fake_education(Rng *r, int iYear, int iKind);

/* Unit kinds, for education and job distributions. */
#define FAKE_UNIT_OFFICE   0 /* government office (机关) */
#define FAKE_UNIT_SCHOOL   1 /* school */
#define FAKE_UNIT_HOSPITAL 2 /* hospital */
#define FAKE_UNIT_FIRM     3 /* enterprise */
#define FAKE_UNIT_VILLAGE  4 /* village or community */
#define FAKE_UNIT_RETIRED  5 /* retirees */
#define FAKE_UNIT_COUNT    6

/* A job (岗位/职务) fitting the unit kind and the person's age.  Static. */
const char *fake_job(Rng *r, int iKind, int iYear, int bMale);

#endif
