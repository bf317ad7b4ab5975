/* test_vault.c: SM3/SM4/HMAC-SM3 known answers, the key file, seal/open
** and blind indexes (密评 MP-02, MP-A5; DB-DC-01, DB-DC-03). */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#include "tester.h"
#include "../../src/vault.h"
#include "../../src/util.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Hex of a 32-byte digest into a static-sized caller buffer. */
static const char *hex32(const unsigned char a[32], char z[65])
{
    vault_hex(a, 32, z);
    return z;
}

/* Write zText to zPath with the given mode. */
static void write_file(const char *zPath, const char *zText, mode_t mode)
{
    FILE *f = fopen(zPath, "w");
    if (!f) return;
    fputs(zText, f);
    fclose(f);
    chmod(zPath, mode);
}

/* Load zText as a key file; returns the error message (caller frees) or
** NULL when it loaded. */
static char *load_text(const char *zDir, const char *zText, mode_t mode)
{
    VaultKeys k;
    char *zErr = 0;
    char *zPath = xprintf("%s/k.txt", zDir);
    write_file(zPath, zText, mode);
    if (vault_keys_load(zPath, 0, &k, &zErr) != 0 && !zErr) {
        zErr = xstrdup("(nonzero without message)");
    }
    unlink(zPath);
    free(zPath);
    return zErr;
}

static void check_kat(void)
{
    unsigned char a[32];
    char z[65];
    char zAbcd[65];

    T_INT("sec-vault-2.0 selftest", vault_selftest(), 0);
    vault_sm3("abc", 3, a);
    T_STR("sec-vault-2.1 sm3 abc", hex32(a, z),
          "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    for (int i = 0; i < 16; i++)
        memcpy(zAbcd + 4 * i, "abcd", 4);
    vault_sm3(zAbcd, 64, a);
    T_STR("sec-vault-2.2 sm3 abcd*16", hex32(a, z),
          "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    vault_sm3("", 0, a);
    T_STR("sec-vault-2.3 sm3 empty", hex32(a, z),
          "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
    vault_hmac_sm3((const unsigned char *)"key", 3,
                   "The quick brown fox jumps over the lazy dog", 43, a);
    T_STR("sec-vault-2.4 hmac-sm3 fox", hex32(a, z),
          "bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398");
    unsigned char aLong[100];
    memset(aLong, 0xaa, sizeof(aLong));
    vault_hmac_sm3(aLong, sizeof(aLong),
                   "Test Using Larger Than Block-Size Key - Hash Key First", 54,
                   a);
    T_STR("sec-vault-2.5 hmac-sm3 key > block", hex32(a, z),
          "ddfd727df11b435760f1fa6638e2c059a66a74da8432815201915246e6211294");
    unsigned char aHex[3] = {0x00, 0x9f, 0xff};
    char zHex[7];
    vault_hex(aHex, 3, zHex);
    T_STR("sec-vault-2.6 hex lowercase", zHex, "009fff");
    unsigned char aR1[16] = {0}, aR2[16] = {0};
    vault_random(aR1, 16);
    vault_random(aR2, 16);
    T_CHECK("sec-vault-2.7 random differs", memcmp(aR1, aR2, 16) != 0);
}

static void check_keyfile(void)
{
    char zDir[] = "/tmp/zhibu-vault-XXXXXX";
    VaultKeys k1, k2;
    struct stat st;
    char *zErr = 0;
    char *zPath, *z;
    int rc;

    if (!mkdtemp(zDir)) {
        T_CHECK("sec-vault-3.0 mkdtemp", 0);
        return;
    }
    zPath = xprintf("%s/keys", zDir);
    rc = vault_keys_load(zPath, 0, &k1, &zErr);
    T_CHECK("sec-vault-3.1 missing file refused",
            rc != 0 && zErr && strstr(zErr, "does not exist"));
    free(zErr);
    zErr = 0;
    T_CHECK("sec-vault-3.1 no file left behind", stat(zPath, &st) != 0);

    rc = vault_keys_load(zPath, 1, &k1, &zErr);
    T_INT("sec-vault-3.2 create", rc, 0);
    T_CHECK("sec-vault-3.2 no message", zErr == 0);
    T_CHECK("sec-vault-3.3 mode 0600",
            stat(zPath, &st) == 0 && (st.st_mode & 0777) == 0600);
    T_CHECK("sec-vault-3.4 keys differ",
            memcmp(k1.aMac, k1.aIdx, 32) != 0 &&
                memcmp(k1.aIdx, k1.aAudit, 32) != 0 &&
                memcmp(k1.aEnc, k1.aMac, 16) != 0);
    rc = vault_keys_load(zPath, 1, &k2, &zErr);
    T_CHECK("sec-vault-3.5 reload same keys",
            rc == 0 && memcmp(&k1, &k2, sizeof(k1)) == 0);
    z = util_read_file(zPath, 0);
    T_CHECK("sec-vault-3.6 file format",
            z && strstr(z, "\nenc=") && strstr(z, "\naudit="));
    free(z);
    chmod(zPath, 0644);
    rc = vault_keys_load(zPath, 1, &k2, &zErr);
    T_CHECK("sec-vault-3.7 mode 0644 refused",
            rc != 0 && zErr && strstr(zErr, "chmod 600"));
    free(zErr);
    zErr = 0;
    unlink(zPath);

    static const char zGood[] =
        "# comment\n\n"
        "enc = 000102030405060708090A0B0C0D0E0F\r\n"
        "mac=202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n"
        "idx=0101010101010101010101010101010101010101010101010101010101010101\n"
        "audit=020202020202020202020202020202020202020202020202020202020202020"
        "2";
    z = load_text(zDir, zGood, 0600);
    T_CHECK("sec-vault-3.8 hand-written file loads", z == 0);
    free(z);
    z = load_text(zDir, zGood, 0400);
    T_CHECK("sec-vault-3.8 mode 0400 accepted", z == 0);
    free(z);
    z = load_text(zDir, "enc=00\n", 0600);
    T_CHECK("sec-vault-3.9 short key refused", z && strstr(z, "hex digits"));
    free(z);
    z = load_text(zDir, "enc=000102030405060708090a0b0c0d0e0f\n", 0600);
    T_CHECK("sec-vault-3.10 missing key refused", z && strstr(z, "missing"));
    free(z);
    z = load_text(zDir, "secret=00\n", 0600);
    T_CHECK("sec-vault-3.11 unknown name refused", z && strstr(z, "unknown"));
    free(z);
    z = load_text(zDir,
                  "enc=000102030405060708090a0b0c0d0e0f\n"
                  "enc=000102030405060708090a0b0c0d0e0f\n",
                  0600);
    T_CHECK("sec-vault-3.12 duplicate refused", z && strstr(z, "twice"));
    free(z);
    z = load_text(zDir, "enc:0001\n", 0600);
    T_CHECK("sec-vault-3.13 no '=' refused", z && strstr(z, "line 1"));
    free(z);
    z = load_text(zDir, "enc=zz0102030405060708090a0b0c0d0e0f\n", 0600);
    T_CHECK("sec-vault-3.14 bad hex refused", z != 0);
    free(z);
    rmdir(zDir);
    free(zPath);
}

/* Copy of z with the hex digit at i changed to another valid hex digit. */
static char *flip_at(const char *z, size_t i)
{
    char *zCopy = xstrdup(z);
    zCopy[i] = zCopy[i] == '0' ? '1' : '0';
    return zCopy;
}

static void check_seal(void)
{
    VaultKeys k, kOther;
    char *zS, *zS2, *zP = 0, *zT;
    static const char *azPlain[] = {"", "a", "11010519491231002X", "张三丰",
                                    "13800138000"};

    memset(&k, 0, sizeof(k));
    for (int i = 0; i < 16; i++)
        k.aEnc[i] = (unsigned char)i;
    for (int i = 0; i < 32; i++)
        k.aMac[i] = (unsigned char)(0x20 + i);
    for (int i = 0; i < 32; i++)
        k.aIdx[i] = (unsigned char)(1 + i);
    kOther = k;
    kOther.aMac[0] ^= 1;

    for (int i = 0; i < COUNT(azPlain); i++) {
        zS = vault_seal(&k, azPlain[i]);
        T_CHECK("sec-vault-4.1 prefix v1", strncmp(zS, "v1:", 3) == 0);
        T_INT("sec-vault-4.2 length", strlen(zS),
              3 + 2 * (16 + strlen(azPlain[i]) + 32));
        T_INT("sec-vault-4.3 open", vault_open(&k, zS, &zP), 0);
        T_STR("sec-vault-4.3 round trip", zP, azPlain[i]);
        free(zP);
        zP = 0;
        free(zS);
    }
    char *zBig = xmalloc(5001);
    memset(zBig, 'q', 5000);
    zBig[5000] = 0;
    zS = vault_seal(&k, zBig);
    T_CHECK("sec-vault-4.4 5000 bytes",
            vault_open(&k, zS, &zP) == 0 && zP && strcmp(zP, zBig) == 0);
    free(zP);
    zP = 0;
    free(zS);
    free(zBig);

    zS = vault_seal(&k, "张三");
    zS2 = vault_seal(&k, "张三");
    T_CHECK("sec-vault-4.5 random iv", strcmp(zS, zS2) != 0);
    free(zS2);
    T_CHECK("sec-vault-4.6 seal NULL", vault_seal(&k, 0) == 0);

    /* Interop vector: openssl enc -sm4-ctr plus Python hmac(sm3). */
    T_INT("sec-vault-4.7 external vector",
          vault_open(&k,
                     "v1:f0f1f2f3f4f5f6f7f8f9fafbfcfdfeffabc289a659faf7b2931f"
                     "d6bec2f548ae9d1e888752060840534fe50458ad15417e4f7e0c14"
                     "24",
                     &zP),
          0);
    T_STR("sec-vault-4.7 external plaintext", zP, "张三");
    free(zP);

    /* Tampering: one hex digit in iv, ciphertext and mac. */
    size_t n = strlen(zS);
    zT = flip_at(zS, 3);
    T_CHECK("sec-vault-5.1 tamper iv", vault_open(&k, zT, &zP) != 0 && !zP);
    free(zT);
    zT = flip_at(zS, 3 + 32);
    T_CHECK("sec-vault-5.2 tamper ct", vault_open(&k, zT, &zP) != 0 && !zP);
    free(zT);
    zT = flip_at(zS, n - 1);
    T_CHECK("sec-vault-5.3 tamper mac", vault_open(&k, zT, &zP) != 0 && !zP);
    free(zT);
    T_CHECK("sec-vault-5.4 wrong mac key", vault_open(&kOther, zS, &zP) != 0);
    zT = xstrdup(zS);
    zT[1] = '2';
    T_CHECK("sec-vault-5.5 version v2", vault_open(&k, zT, &zP) != 0);
    free(zT);
    zT = xstrdup(zS);
    for (char *c = zT + 3; *c; c++) {
        if (*c >= 'a' && *c <= 'f') *c = (char)(*c - 'a' + 'A');
    }
    T_CHECK("sec-vault-5.6 uppercase hex", vault_open(&k, zT, &zP) != 0);
    free(zT);
    zT = xstrndup(zS, n - 2);
    T_CHECK("sec-vault-5.7 truncated", vault_open(&k, zT, &zP) != 0);
    free(zT);
    zT = xstrndup(zS, n - 1);
    T_CHECK("sec-vault-5.8 odd length", vault_open(&k, zT, &zP) != 0);
    free(zT);
    T_CHECK("sec-vault-5.9 too short", vault_open(&k, "v1:00", &zP) != 0);
    T_CHECK("sec-vault-5.10 NULL", vault_open(&k, 0, &zP) != 0 && !zP);
    T_CHECK("sec-vault-5.11 plaintext", vault_open(&k, "张三", &zP) != 0);
    free(zS);
}

static void check_blind(void)
{
    VaultKeys k;
    char *z1, *z2;

    memset(&k, 0, sizeof(k));
    for (int i = 0; i < 32; i++)
        k.aIdx[i] = (unsigned char)(1 + i);
    z1 = vault_blind_index(&k, "id_number", "11010519491231002X");
    T_STR("sec-vault-6.1 pinned id_number", z1,
          "5df128bd344edfb4ea7191b4bebd170f4aa3e02203c807a58bc7b3507b5d54df");
    z2 = vault_blind_index(&k, "id_number", "11010519491231002X");
    T_STR("sec-vault-6.2 deterministic", z2, z1);
    free(z2);
    z2 = vault_blind_index(&k, "phone", "11010519491231002X");
    T_CHECK("sec-vault-6.3 kind separates", strcmp(z1, z2) != 0);
    free(z2);
    z2 = vault_blind_index(&k, "id_number", "110105194912310021");
    T_CHECK("sec-vault-6.4 value matters", strcmp(z1, z2) != 0);
    free(z2);
    k.aIdx[31] ^= 1;
    z2 = vault_blind_index(&k, "id_number", "11010519491231002X");
    T_CHECK("sec-vault-6.5 key matters", strcmp(z1, z2) != 0);
    free(z2);
    k.aIdx[31] ^= 1;
    free(z1);
    z1 = vault_blind_index(&k, "phone", "13800138000");
    T_STR("sec-vault-6.6 pinned phone", z1,
          "dd4f3b343c50a7ea72b2fb6d9743e4f9588ac12d67bb424218333142cbcbdb35");
    free(z1);
    z1 = vault_blind_index(&k, "ab", "c");
    z2 = vault_blind_index(&k, "a", "bc");
    T_CHECK("sec-vault-6.7 separator byte", strcmp(z1, z2) != 0);
    free(z1);
    free(z2);
    T_CHECK("sec-vault-6.8 NULL value", vault_blind_index(&k, "phone", 0) == 0);
}

/* Entry point listed in unit_groups.h. */
void test_vault(void);
void test_vault(void)
{
    check_kat();
    check_keyfile();
    check_seal();
    check_blind();
}
