/* fake.c: deterministic fake people for the demo and the benchmark data.
**
**   fake_seed(), fake_next()   xoshiro256** seeded through splitmix64
**   fake_name()                surname by frequency, era-styled given name
**   fake_id_number()           GB 11643-1999 with the MOD 11-2 check
**   fake_phone(), fake_ethnicity(), fake_education(), fake_job()
**
** Everything depends only on the Rng state, so a fixed seed reproduces the
** same people on every run and every machine.
*/
#include "fake.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

/* splitmix64 step, used only to expand the seed. */
static uint64_t splitmix(uint64_t *p)
{
    uint64_t z = (*p += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void fake_seed(Rng *r, uint64_t iSeed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&iSeed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t fake_next(Rng *r)
{
    uint64_t *s = r->s;
    uint64_t v = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return v;
}

int fake_range(Rng *r, int lo, int hi)
{
    uint64_t n = (uint64_t)((int64_t)hi - lo + 1);
    return lo + (int)(fake_next(r) % n);
}

int fake_chance(Rng *r, int nPercent)
{
    return (int)(fake_next(r) % 100) < nPercent;
}

int fake_weighted(Rng *r, const int *aW, int n)
{
    int nTotal = 0;
    for (int i = 0; i < n; i++)
        nTotal += aW[i];
    int k = (int)(fake_next(r) % (uint64_t)(nTotal > 0 ? nTotal : 1));
    for (int i = 0; i < n; i++) {
        if (k < aW[i]) return i;
        k -= aW[i];
    }
    return n - 1;
}

/* Common surnames with rough frequencies (per mille of the population). */
/* clang-format off */
static const struct { const char *z; int w; } aSurname[] = {
  {"王",72},{"李",72},{"张",69},{"刘",54},{"陈",45},{"杨",31},{"黄",22},
  {"赵",20},{"吴",20},{"周",19},{"徐",17},{"孙",15},{"马",15},{"朱",14},
  {"胡",13},{"郭",12},{"何",12},{"高",11},{"林",11},{"罗",10},{"郑",10},
  {"梁",9},{"谢",8},{"宋",8},{"唐",8},{"许",7},{"韩",7},{"冯",7},{"邓",7},
  {"曹",7},{"彭",6},{"曾",6},{"肖",6},{"田",6},{"董",6},{"袁",5},{"潘",5},
  {"于",5},{"蒋",5},{"蔡",5},{"余",5},{"杜",5},{"叶",4},{"程",4},{"苏",4},
  {"魏",4},{"吕",4},{"丁",4},{"任",4},{"沈",4},{"姚",4},{"卢",4},{"姜",3},
  {"崔",3},{"钟",3},{"谭",3},{"陆",3},{"汪",3},{"范",3},{"金",3},{"石",3},
  {"廖",3},{"贾",3},{"夏",3},{"韦",3},{"付",3},{"方",3},{"白",3},{"邹",3},
  {"孟",3},{"熊",3},{"秦",3},{"邱",3},{"江",3},{"尹",3},{"薛",2},{"闫",2},
  {"段",2},{"雷",2},{"侯",2},{"龙",2},{"史",2},{"陶",2},{"顾",2},{"毛",2},
  {"郝",2},{"龚",2},{"邵",2},{"万",2},{"钱",2},{"严",2},{"戴",2},{"季",2},
  {"倪",1},{"成",1},{"葛",1},{"单",1},{"缪",1},{"仇",1},{"欧阳",1},{"诸葛",1},
};
/* clang-format on */

/* Given-name characters by era and sex: first and second of two-character
** names, and one-character names.  All are 3-byte UTF-8 characters. */
typedef struct NamePool {
    const char *zFirst;  /* first character of a two-character name */
    const char *zSecond; /* second character */
    const char *zSingle; /* one-character names */
    int nSinglePct;      /* share of one-character names, percent */
} NamePool;

/* [era][bMale]: era 0 born before 1965, 1 before 1985, 2 later. */
/* clang-format off */
static const NamePool aPool[3][2] = {
  { { "秀桂玉凤淑丽美素兰金春月翠冬", "英兰珍华芳琴梅荣霞香云芬娥", "英兰芳华珍萍", 25 },
    { "建国志永德立文春长振宝金福明忠家荣树", "国华明军强林平成生山祥民荣海清忠良贵", "伟军勇斌刚平明华", 25 } },
  { { "丽晓春海雪艳秀红玉美小静慧", "娟燕梅霞红玲丽敏华芳萍琴", "丽敏静燕艳娟霞芳红玲婷洁", 35 },
    { "志晓建海国振俊文永卫红爱立东", "刚勇军明华伟峰涛斌辉龙杰波宏", "伟磊军勇杰涛斌超明刚平辉鹏峰", 35 } },
  { { "欣雨梦佳思诗雅晓婉子若可心梓", "怡涵瑶琪雯婷萱彤悦宁妍", "婷雪琳倩颖璐莹瑶薇", 15 },
    { "浩子宇俊家志思文天梓博皓嘉一明", "然豪航杰远博宇轩辰睿泽阳晨", "浩宇轩博鑫磊昊晨阳凯", 15 } },
};

/* Real people's names the generator must never print. */
static const char *const azFamous[] = {
  "李鹏", "李强", "刘翔", "王菲", "杨洋", "李娜", "姚明", "成龙", "李白",
  "杜甫", "朱德", "陈云", "马云", "雷军", "郎平", "韩红", "那英", "刘欢",
  "孙杨", "王楠", "张艺谋", "刘德华", "周杰伦", "王岐山", "温家宝", "胡锦涛",
  "习近平", "江泽民", "李克强", "朱镕基", "毛泽东", "周恩来", "邓小平",
  "刘少奇", "彭德怀", "赵乐际", "王沪宁", "韩正", "汪洋", "蔡奇", "李希",
  "丁薛祥", "张德江", "俞正声", "刘云山", "张高丽", "栗战书", "马化腾",
  "李彦宏", "郭晶晶", "白岩松", "董卿", "李宁", "王军霞", "邓亚萍", "刘国梁",
  "孔令辉", "张怡宁", "王皓", "马龙", "许海峰", "李连杰", "赵薇", "周迅",
  "黄晓明", "杨幂", "刘涛", "王伟", "张伟", "李明", "王建国",
};
/* clang-format on */

/* Copy the i-th 3-byte character of z to zOut and return zOut + 3. */
static char *put_char(char *zOut, const char *z, int i)
{
    memcpy(zOut, z + 3 * i, 3);
    return zOut + 3;
}

static int nchars(const char *z)
{
    return (int)(strlen(z) / 3);
}

/* 1 if zName is in azFamous. */
static int is_famous(const char *zName)
{
    for (int i = 0; i < COUNT(azFamous); i++)
        if (strcmp(azFamous[i], zName) == 0) return 1;
    return 0;
}

void fake_name(Rng *r, int bMale, int iYear, char zOut[32])
{
    int iEra = iYear < 1965 ? 0 : iYear < 1985 ? 1 : 2;
    const NamePool *p = &aPool[iEra][bMale ? 1 : 0];
    int aLocal[COUNT(aSurname)];
    for (int i = 0; i < COUNT(aSurname); i++)
        aLocal[i] = aSurname[i].w;
    do {
        const char *zSur = aSurname[fake_weighted(r, aLocal, COUNT(aLocal))].z;
        size_t n = strlen(zSur);
        memcpy(zOut, zSur, n);
        char *z = zOut + n;
        if (fake_chance(r, p->nSinglePct)) {
            z = put_char(z, p->zSingle,
                         fake_range(r, 0, nchars(p->zSingle) - 1));
        } else {
            int a = fake_range(r, 0, nchars(p->zFirst) - 1);
            int b = fake_range(r, 0, nchars(p->zSecond) - 1);
            z = put_char(z, p->zFirst, a);
            /* Avoid a doubled character ("国国") unless it is the style. */
            if (memcmp(p->zFirst + 3 * a, p->zSecond + 3 * b, 3) == 0)
                b = (b + 1) % nchars(p->zSecond);
            z = put_char(z, p->zSecond, b);
        }
        *z = 0;
    } while (is_famous(zOut));
}

char fake_id_check(const char *z17)
{
    static const int aW[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
    static const char aM[11] = {'1', '0', 'X', '9', '8', '7',
                                '6', '5', '4', '3', '2'};
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += (z17[i] - '0') * aW[i];
    return aM[s % 11];
}

void fake_id_number(const char *zArea, int y, int m, int d, int iSeq,
                    char zOut[19])
{
    snprintf(zOut, 19, "%.6s%04d%02d%02d%03d", zArea, y, m, d, iSeq % 1000);
    zOut[17] = fake_id_check(zOut);
    zOut[18] = 0;
}

void fake_phone(Rng *r, char zOut[12])
{
    /* Mobile prefixes in use (checklist §6.6, strict pattern). */
    static const int aPrefix[] = {130, 131, 132, 133, 134, 135, 136, 137, 138,
                                  139, 150, 151, 152, 153, 155, 156, 157, 158,
                                  159, 180, 181, 182, 183, 184, 185, 186, 187,
                                  188, 189, 177, 199, 166, 173, 147, 191, 198};
    int iPre = aPrefix[fake_range(r, 0, COUNT(aPrefix) - 1)];
    snprintf(zOut, 12, "%03d%04d%04d", iPre, fake_range(r, 0, 9999),
             fake_range(r, 0, 9999));
}

const char *fake_ethnicity(Rng *r)
{
    /* clang-format off */
    static const char *const az[] = {"汉族", "回族", "满族", "蒙古族", "壮族", "土家族", "苗族"};
    static const int aW[] =         {9600,   150,    70,     50,       50,     40,       40};
    /* clang-format on */
    return az[fake_weighted(r, aW, COUNT(aW))];
}

const char *fake_education(Rng *r, int iYear, int iKind)
{
    static const char *const az[] = {"研究生", "大学本科", "大学专科",
                                     "中专",   "高中",     "初中及以下"};
    /* clang-format off */
    /* [kind][era: born before 1965, before 1985, later][level] */
    static const int aW[FAKE_UNIT_COUNT][3][6] = {
      /* office */   { {2,35,30,15,15,3}, {10,65,18,4,3,0},  {25,65,8,1,1,0} },
      /* school */   { {1,40,35,20,4,0},  {8,70,20,2,0,0},   {20,70,10,0,0,0} },
      /* hospital */ { {2,30,35,28,5,0},  {10,50,30,10,0,0}, {20,55,22,3,0,0} },
      /* firm */     { {1,20,25,20,25,9}, {3,40,30,12,12,3}, {8,55,27,6,4,0} },
      /* village */  { {0,1,5,10,30,54},  {0,5,15,15,35,30}, {1,15,30,14,25,15} },
      /* retired */  { {1,20,25,18,22,14},{3,40,30,12,12,3}, {3,40,30,12,12,3} },
    };
    /* clang-format on */
    int iEra = iYear < 1965 ? 0 : iYear < 1985 ? 1 : 2;
    if (iKind < 0 || iKind >= FAKE_UNIT_COUNT) iKind = FAKE_UNIT_OFFICE;
    return az[fake_weighted(r, aW[iKind][iEra], 6)];
}

/* A job table: names and weights for the young (born 1985 or later) and
** for the older staff. */
typedef struct JobPool {
    const char *az[8]; /* job names; NULL-terminated when shorter */
    int aYoung[8];     /* weights for the young */
    int aOld[8];       /* weights for the others */
} JobPool;

/* clang-format off */
static const JobPool aJobPool[FAKE_UNIT_COUNT] = {
  { {"科员", "一级科员", "四级主任科员", "副科长", "科长", "副局长", "会计", "办事员"},
    {40, 25, 10, 8, 2, 0, 8, 7}, {10, 10, 25, 20, 18, 7, 6, 4} },
  { {"教师", "班主任", "教研组长", "教务主任", "副校长", "校长", "会计", 0},
    {60, 30, 5, 2, 0, 0, 3, 0}, {45, 20, 14, 8, 6, 3, 4, 0} },
  { {"医生", "护士", "主治医师", "副主任医师", "护士长", "药剂师", "检验师", "科主任"},
    {30, 35, 15, 2, 1, 8, 9, 0}, {15, 20, 25, 15, 8, 5, 5, 7} },
  { {"职员", "技术员", "工程师", "高级工程师", "会计", "车间主任", "质检员", "销售经理"},
    {30, 25, 20, 2, 8, 3, 7, 5}, {15, 10, 25, 15, 10, 12, 5, 8} },
  { {"农民", "个体经营者", "务工人员", "村民小组长", "村委会委员", "养殖户", 0, 0},
    {30, 20, 35, 3, 7, 5, 0, 0}, {50, 12, 10, 10, 8, 10, 0, 0} },
  { {"退休干部", "退休教师", "退休职工", "退休医务人员", 0, 0, 0, 0},
    {40, 20, 35, 5, 0, 0, 0, 0}, {40, 20, 35, 5, 0, 0, 0, 0} },
};
/* clang-format on */

const char *fake_job(Rng *r, int iKind, int iYear, int bMale)
{
    if (iKind < 0 || iKind >= FAKE_UNIT_COUNT) iKind = FAKE_UNIT_OFFICE;
    const JobPool *p = &aJobPool[iKind];
    int aW[8];
    for (int i = 0; i < 8; i++) {
        aW[i] = p->az[i] ? (iYear >= 1985 ? p->aYoung[i] : p->aOld[i]) : 0;
        /* Nurses are mostly women in these hospitals. */
        if (iKind == FAKE_UNIT_HOSPITAL && bMale && i == 1) aW[i] /= 6;
    }
    return p->az[fake_weighted(r, aW, 8)];
}
