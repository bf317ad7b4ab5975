/* vault.c: field encryption and keyed hashes with the Chinese commercial
** algorithms, through OpenSSL 3 (密评 MP-A5/MP-A7, DB-DC-01, DB-DC-03,
** MP-02, MP-03).
**
**   vault_keys_load()    reads (or creates) the key file
**   vault_selftest()     power-on known-answer tests (MP-02)
**   vault_seal/open()    SM4-CTR + HMAC-SM3, encrypt-then-MAC
**   vault_blind_index()  HMAC-SM3 lookup key for 身份证号 and phone
**
** Sealed format "v1:" + hex(iv[16] || ct[n] || mac[32]), where
** mac = HMAC-SM3(aMac, "v1:" || iv || ct).  CTR keeps n equal to the
** plaintext length.  Secrets are wiped with OPENSSL_cleanse() before their
** memory is released.
*/
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, fchmod, O_CLOEXEC */
#endif
#include "vault.h"
#include "buf.h"
#include "util.h"
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <pthread.h>

#define VAULT_IV      16          /* SM4-CTR initial counter block */
#define VAULT_MAC     32          /* HMAC-SM3 output */
#define VAULT_TAG     "v1:"       /* version prefix, also MACed */
#define VAULT_NTAG    3           /* strlen(VAULT_TAG) */
#define VAULT_MAXFILE (64 * 1024) /* key files are a few hundred bytes */

/* Algorithms fetched once per process.  Fetched EVP objects are immutable
** and may be shared by threads; fetching them on every call took a name
** lookup under a lock (a third of each HMAC).  Set once by pthread_once()
** and never changed afterwards. */
typedef struct VaultAlgs {
    EVP_MAC *pHmac;      /* "HMAC" */
    EVP_MD *pSm3;        /* "SM3" */
    EVP_CIPHER *pSm4Ctr; /* "SM4-CTR" */
} VaultAlgs;

static VaultAlgs algs;
static pthread_once_t onceAlgs = PTHREAD_ONCE_INIT;

static void algs_fetch(void)
{
    algs.pHmac = EVP_MAC_fetch(0, "HMAC", 0);
    algs.pSm3 = EVP_MD_fetch(0, "SM3", 0);
    algs.pSm4Ctr = EVP_CIPHER_fetch(0, "SM4-CTR", 0);
}

/* The fetched algorithms (members NULL if OpenSSL lacks them; the
** self-test then fails at start-up). */
static const VaultAlgs *vault_algs(void)
{
    pthread_once(&onceAlgs, algs_fetch);
    return &algs;
}

/* HMAC-SM3 (RFC 2104) with its key absorbed: SM3 states after the
** 64-byte blocks key^ipad and key^opad.  HMAC(m) = SM3(opad-state ||
** SM3(ipad-state || m)), two block compressions for short m instead of
** four, and no key setup per value. */
typedef struct VaultHmac {
    EVP_MD_CTX *pIn;  /* after key ^ ipad; never finalised */
    EVP_MD_CTX *pOut; /* after key ^ opad; never finalised */
} VaultHmac;

/* Reusable keyed contexts for one thread doing bulk work (vault_ctx_*). */
struct VaultCtx {
    VaultHmac mac;        /* HMAC-SM3 keyed with aMac */
    VaultHmac idx;        /* HMAC-SM3 keyed with aIdx */
    EVP_MD_CTX *pWork;    /* scratch digest context */
    EVP_CIPHER_CTX *pEnc; /* SM4-CTR keyed with aEnc; IV set per use */
    unsigned char aIv[VAULT_IV * 64]; /* fresh random IVs, drawn in bulk */
    int nIv; /* bytes of aIv not used yet (from the end) */
};

/* One named key in the key file. */
typedef struct KeySlot {
    const char *zName; /* name left of '=' */
    size_t iOff;       /* offset of the array in VaultKeys */
    size_t nKey;       /* key length in bytes */
} KeySlot;

/* clang-format off */
static const KeySlot aSlot[] = {
  /* name     offset                        bytes */
  { "enc",   offsetof(VaultKeys, aEnc),    sizeof(((VaultKeys *)0)->aEnc) },
  { "mac",   offsetof(VaultKeys, aMac),    sizeof(((VaultKeys *)0)->aMac) },
  { "idx",   offsetof(VaultKeys, aIdx),    sizeof(((VaultKeys *)0)->aIdx) },
  { "audit", offsetof(VaultKeys, aAudit),  sizeof(((VaultKeys *)0)->aAudit) },
};
/* clang-format on */

/* Value 0..15 of hex digit c, or -1.  Uppercase only when bUpper. */
static int hex_value(int c, int bUpper)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (bUpper && c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/*
** Decode 2*n hex digits at z into p[0..n).  Uppercase digits are accepted
** only when bUpper.  Returns 0 on success, 1 on a bad digit.
*/
static int hex_decode(const char *z, size_t n, unsigned char *p, int bUpper)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value((unsigned char)z[2 * i], bUpper);
        int lo = hex_value((unsigned char)z[2 * i + 1], bUpper);
        if (hi < 0 || lo < 0) return 1;
        p[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

void vault_hex(const unsigned char *p, size_t n, char *zOut)
{
    static const char zDigit[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        zOut[2 * i] = zDigit[p[i] >> 4];
        zOut[2 * i + 1] = zDigit[p[i] & 15];
    }
    zOut[2 * n] = 0;
}

void vault_random(void *p, size_t n)
{
    unsigned char *a = p;
    while (n > 0) {
        int k = n > (size_t)INT_MAX ? INT_MAX : (int)n;
        if (RAND_bytes(a, k) != 1) abort();
        a += k;
        n -= (size_t)k;
    }
}

void vault_sm3(const void *p, size_t n, unsigned char aOut[32])
{
    unsigned int nOut = 0;
    if (EVP_Digest(p, n, aOut, &nOut, EVP_sm3(), 0) != 1 || nOut != 32) abort();
}

/* A new HMAC-SM3 context keyed with pKey[0..nKey), or NULL if OpenSSL
** fails.  Caller frees with EVP_MAC_CTX_free(). */
static EVP_MAC_CTX *hmac_new(const unsigned char *pKey, size_t nKey)
{
    char zDigest[] = "SM3";
    OSSL_PARAM aParam[2];
    const VaultAlgs *a = vault_algs();
    EVP_MAC_CTX *pCtx = a->pHmac ? EVP_MAC_CTX_new(a->pHmac) : 0;
    aParam[0] =
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, zDigest, 0);
    aParam[1] = OSSL_PARAM_construct_end();
    if (pCtx && EVP_MAC_init(pCtx, pKey, nKey, aParam) != 1) {
        EVP_MAC_CTX_free(pCtx);
        pCtx = 0;
    }
    return pCtx;
}

/*
** Finish an HMAC: feed the nPart pieces aP[i][0..aN[i]) to pCtx (keyed,
** not yet updated), write the tag to aOut and free pCtx.  Aborts if
** OpenSSL fails (out of memory, or SM3 missing, which vault_selftest()
** reports at startup).
*/
static void hmac_finish(EVP_MAC_CTX *pCtx, const void *const *aP,
                        const size_t *aN, int nPart, unsigned char aOut[32])
{
    size_t nOut = 0;
    int bOk = pCtx != 0;
    for (int i = 0; bOk && i < nPart; i++) {
        bOk = EVP_MAC_update(pCtx, aP[i], aN[i]) == 1;
    }
    bOk = bOk && EVP_MAC_final(pCtx, aOut, &nOut, 32) == 1 && nOut == 32;
    EVP_MAC_CTX_free(pCtx);
    if (!bOk) abort();
}

/*
** HMAC-SM3 under pKey[0..nKey) over the concatenation of nPart pieces
** aP[i][0..aN[i]) into aOut.  Aborts if OpenSSL fails.
*/
static void hmac_parts(const unsigned char *pKey, size_t nKey,
                       const void *const *aP, const size_t *aN, int nPart,
                       unsigned char aOut[32])
{
    hmac_finish(hmac_new(pKey, nKey), aP, aN, nPart, aOut);
}

void vault_hmac_sm3(const unsigned char *pKey, size_t nKey, const void *p,
                    size_t n, unsigned char aOut[32])
{
    const void *aP[1] = {p};
    size_t aN[1] = {n};
    hmac_parts(pKey, nKey, aP, aN, 1, aOut);
}

static int sm4_run(EVP_CIPHER_CTX *pCtx, int bOk, const unsigned char *pIn,
                   size_t n, unsigned char *pOut);

/* Absorb pKey[0..nKey) (at most one 64-byte SM3 block) into *p.  Returns 0,
** or 1 if OpenSSL fails. */
static int hmac_absorb(VaultHmac *p, const unsigned char *pKey, size_t nKey)
{
    unsigned char aPad[64];
    const EVP_MD *pMd = vault_algs()->pSm3;
    int bOk;
    assert(nKey <= sizeof aPad);
    p->pIn = EVP_MD_CTX_new();
    p->pOut = EVP_MD_CTX_new();
    memset(aPad, 0x36, sizeof aPad);
    for (size_t i = 0; i < nKey; i++)
        aPad[i] ^= pKey[i];
    bOk = pMd && p->pIn && p->pOut && EVP_DigestInit_ex2(p->pIn, pMd, 0) &&
          EVP_DigestUpdate(p->pIn, aPad, sizeof aPad);
    memset(aPad, 0x5c, sizeof aPad);
    for (size_t i = 0; i < nKey; i++)
        aPad[i] ^= pKey[i];
    bOk = bOk && EVP_DigestInit_ex2(p->pOut, pMd, 0) &&
          EVP_DigestUpdate(p->pOut, aPad, sizeof aPad);
    OPENSSL_cleanse(aPad, sizeof aPad);
    return !bOk;
}

/* Free the states of *p (which hold key material: freeing wipes them). */
static void hmac_release(VaultHmac *p)
{
    EVP_MD_CTX_free(p->pIn);
    EVP_MD_CTX_free(p->pOut);
    p->pIn = p->pOut = 0;
}

/* HMAC-SM3 with the absorbed key *p over the nPart pieces aP[i][0..aN[i])
** into aOut, using the scratch context pWork.  Aborts if OpenSSL fails. */
static void hmac_absorbed(const VaultHmac *p, EVP_MD_CTX *pWork,
                          const void *const *aP, const size_t *aN, int nPart,
                          unsigned char aOut[32])
{
    unsigned char aInner[32];
    unsigned int nOut = 0;
    int bOk = EVP_MD_CTX_copy_ex(pWork, p->pIn) == 1;
    for (int i = 0; bOk && i < nPart; i++)
        bOk = EVP_DigestUpdate(pWork, aP[i], aN[i]) == 1;
    bOk = bOk && EVP_DigestFinal_ex(pWork, aInner, &nOut) == 1 && nOut == 32;
    bOk = bOk && EVP_MD_CTX_copy_ex(pWork, p->pOut) == 1 &&
          EVP_DigestUpdate(pWork, aInner, sizeof aInner) == 1 &&
          EVP_DigestFinal_ex(pWork, aOut, &nOut) == 1 && nOut == 32;
    OPENSSL_cleanse(aInner, sizeof aInner);
    if (!bOk) abort();
}

/*
** SM4 under aKey[16] in the mode pCipher (ECB without padding, or CTR with
** the 16-byte counter block pIv) from pIn[0..n) to pOut.  Encryption and
** decryption are the same operation for CTR; ECB here only encrypts.
** Returns 0 on success, 1 if OpenSSL fails.
*/
static int sm4_apply(const EVP_CIPHER *pCipher, const unsigned char *aKey,
                     const unsigned char *pIv, const unsigned char *pIn,
                     size_t n, unsigned char *pOut)
{
    EVP_CIPHER_CTX *pCtx = EVP_CIPHER_CTX_new();
    int bOk = pCtx && pCipher &&
              EVP_EncryptInit_ex(pCtx, pCipher, 0, aKey, pIv) == 1 &&
              EVP_CIPHER_CTX_set_padding(pCtx, 0) == 1;
    int rc = sm4_run(pCtx, bOk, pIn, n, pOut);
    EVP_CIPHER_CTX_free(pCtx);
    return rc;
}

/* Run the initialised pCtx (bOk false: it is not) over pIn[0..n) into
** pOut.  Returns 0 on success, 1 if OpenSSL fails. */
static int sm4_run(EVP_CIPHER_CTX *pCtx, int bOk, const unsigned char *pIn,
                   size_t n, unsigned char *pOut)
{
    size_t iDone = 0;
    int nOut = 0;
    while (bOk && iDone < n) {
        int k = n - iDone > (1u << 30) ? (1 << 30) : (int)(n - iDone);
        bOk =
            EVP_EncryptUpdate(pCtx, pOut + iDone, &nOut, pIn + iDone, k) == 1 &&
            nOut == k;
        iDone += (size_t)k;
    }
    bOk =
        bOk && EVP_EncryptFinal_ex(pCtx, pOut + iDone, &nOut) == 1 && nOut == 0;
    return !bOk;
}

/* The encrypt-then-MAC tag over VAULT_TAG || a[0..n) into aOut, with the
** keyed template pCtx->pMac when pCtx is not NULL, else under pK->aMac. */
static void seal_mac(const VaultKeys *pK, VaultCtx *pCtx,
                     const unsigned char *a, size_t n,
                     unsigned char aOut[VAULT_MAC])
{
    const void *aP[2] = {VAULT_TAG, a};
    size_t aN[2] = {VAULT_NTAG, n};
    if (pCtx)
        hmac_absorbed(&pCtx->mac, pCtx->pWork, aP, aN, 2, aOut);
    else
        hmac_parts(pK->aMac, sizeof(pK->aMac), aP, aN, 2, aOut);
}

/* The binary sealed form of zPlain[0..n) into aOut (room for
** VAULT_SEALED_RAW_LEN(n) bytes): VAULT_TAG || iv || ct || mac, with either
** pK or the keyed contexts of pCtx. */
static void seal_raw(const VaultKeys *pK, VaultCtx *pCtx, const char *zPlain,
                     size_t n, unsigned char *aOut)
{
    unsigned char *a = aOut + VAULT_NTAG; /* iv || ct || mac */
    int rc;

    memcpy(aOut, VAULT_TAG, VAULT_NTAG);
    if (!pCtx) {
        vault_random(a, VAULT_IV);
    } else { /* one RAND_bytes() call per 64 IVs, not per IV */
        if (pCtx->nIv < VAULT_IV) {
            vault_random(pCtx->aIv, sizeof pCtx->aIv);
            pCtx->nIv = (int)sizeof pCtx->aIv;
        }
        pCtx->nIv -= VAULT_IV;
        memcpy(a, pCtx->aIv + pCtx->nIv, VAULT_IV);
        OPENSSL_cleanse(pCtx->aIv + pCtx->nIv, VAULT_IV); /* used once */
    }
    if (pCtx) {
        int bOk = EVP_EncryptInit_ex2(pCtx->pEnc, 0, 0, a, 0) == 1;
        rc = sm4_run(pCtx->pEnc, bOk, (const unsigned char *)zPlain, n,
                     a + VAULT_IV);
    } else {
        rc = sm4_apply(vault_algs()->pSm4Ctr, pK->aEnc, a,
                       (const unsigned char *)zPlain, n, a + VAULT_IV);
    }
    if (rc) abort();
    seal_mac(pK, pCtx, a, VAULT_IV + n, a + VAULT_IV + n);
}

/* vault_seal() with pK, or with pCtx when not NULL. */
static char *seal_text(const VaultKeys *pK, VaultCtx *pCtx, const char *zPlain)
{
    if (!zPlain) return 0;
    size_t n = strlen(zPlain), nRaw = VAULT_SEALED_RAW_LEN(n);
    unsigned char aSmall[256];
    unsigned char *a = nRaw <= sizeof aSmall ? aSmall : xmalloc(nRaw);
    char *z = xmalloc(VAULT_SEALED_LEN(n));
    seal_raw(pK, pCtx, zPlain, n, a);
    memcpy(z, VAULT_TAG, VAULT_NTAG);
    vault_hex(a + VAULT_NTAG, nRaw - VAULT_NTAG, z + VAULT_NTAG);
    OPENSSL_cleanse(a, nRaw);
    if (a != aSmall) free(a);
    return z;
}

char *vault_seal(const VaultKeys *pK, const char *zPlain)
{
    return seal_text(pK, 0, zPlain);
}

int vault_seal_raw(const VaultKeys *pK, VaultCtx *pCtx, const char *zPlain,
                   unsigned char *aOut, size_t nOut, size_t *pnOut)
{
    size_t n = strlen(zPlain);
    if (nOut < VAULT_SEALED_RAW_LEN(n)) return 1;
    seal_raw(pK, pCtx, zPlain, n, aOut);
    *pnOut = VAULT_SEALED_RAW_LEN(n);
    return 0;
}

/* Check the MAC of a[0..nRaw) (iv || ct || mac) and decrypt it into
** *pzPlain (caller frees).  Returns 0, or 1 (then *pzPlain is NULL). */
static int open_parts(const VaultKeys *pK, const unsigned char *a, size_t nRaw,
                      char **pzPlain)
{
    unsigned char aMac[VAULT_MAC];
    size_t n;
    char *zOut;

    *pzPlain = 0;
    if (nRaw < VAULT_IV + VAULT_MAC) return 1;
    n = nRaw - VAULT_IV - VAULT_MAC;
    seal_mac(pK, 0, a, VAULT_IV + n, aMac);
    if (CRYPTO_memcmp(aMac, a + VAULT_IV + n, VAULT_MAC) != 0) return 1;
    zOut = xmalloc(n + 1);
    if (sm4_apply(vault_algs()->pSm4Ctr, pK->aEnc, a, a + VAULT_IV, n,
                  (unsigned char *)zOut)) {
        OPENSSL_cleanse(zOut, n + 1);
        free(zOut);
        return 1;
    }
    zOut[n] = 0;
    *pzPlain = zOut;
    return 0;
}

int vault_open(const VaultKeys *pK, const char *zSealed, char **pzPlain)
{
    unsigned char *a = 0;
    size_t nHex, nRaw;
    int rc = 1;

    *pzPlain = 0;
    if (!zSealed || strncmp(zSealed, VAULT_TAG, VAULT_NTAG) != 0) return 1;
    nHex = strlen(zSealed + VAULT_NTAG);
    if (nHex % 2 || nHex < 2 * (VAULT_IV + VAULT_MAC)) return 1;
    nRaw = nHex / 2;
    a = xmalloc(nRaw);
    if (!hex_decode(zSealed + VAULT_NTAG, nRaw, a, 0))
        rc = open_parts(pK, a, nRaw, pzPlain);
    free(a);
    return rc;
}

int vault_open_raw(const VaultKeys *pK, const void *p, size_t n, char **pzPlain)
{
    *pzPlain = 0;
    if (!p || n < VAULT_NTAG || memcmp(p, VAULT_TAG, VAULT_NTAG) != 0) return 1;
    return open_parts(pK, (const unsigned char *)p + VAULT_NTAG, n - VAULT_NTAG,
                      pzPlain);
}

void vault_blind_raw(const VaultKeys *pK, const char *zKind, const char *zValue,
                     unsigned char aOut[VAULT_IDX_LEN])
{
    assert(zKind != 0 && zValue != 0);
    const void *aP[3] = {zKind, "", zValue};
    size_t aN[3] = {strlen(zKind), 1, strlen(zValue)};
    hmac_parts(pK->aIdx, sizeof(pK->aIdx), aP, aN, 3, aOut);
}

char *vault_blind_index(const VaultKeys *pK, const char *zKind,
                        const char *zValue)
{
    unsigned char aOut[VAULT_IDX_LEN];
    assert(zKind != 0);
    if (!zValue) return 0;
    char *z = xmalloc(2 * VAULT_IDX_LEN + 1);
    vault_blind_raw(pK, zKind, zValue, aOut);
    vault_hex(aOut, VAULT_IDX_LEN, z);
    return z;
}

VaultCtx *vault_ctx_new(const VaultKeys *pK)
{
    VaultCtx *p = xcalloc(1, sizeof(*p));
    const VaultAlgs *a = vault_algs();
    int bFail = hmac_absorb(&p->mac, pK->aMac, sizeof(pK->aMac));
    bFail |= hmac_absorb(&p->idx, pK->aIdx, sizeof(pK->aIdx));
    p->pWork = EVP_MD_CTX_new();
    p->pEnc = EVP_CIPHER_CTX_new();
    if (bFail || !p->pWork || !p->pEnc || !a->pSm4Ctr ||
        EVP_EncryptInit_ex2(p->pEnc, a->pSm4Ctr, pK->aEnc, 0, 0) != 1 ||
        EVP_CIPHER_CTX_set_padding(p->pEnc, 0) != 1)
        abort(); /* out of memory, or no SM3/SM4 (the self-test says so) */
    return p;
}

void vault_ctx_free(VaultCtx *p)
{
    if (!p) return;
    hmac_release(&p->mac);
    hmac_release(&p->idx);
    EVP_MD_CTX_free(p->pWork);
    EVP_CIPHER_CTX_free(p->pEnc); /* cleanses the key schedule */
    OPENSSL_cleanse(p, sizeof(*p));
    free(p);
}

char *vault_ctx_seal(VaultCtx *p, const char *zPlain)
{
    return seal_text(0, p, zPlain);
}

void vault_ctx_blind(VaultCtx *p, const char *zKind, const char *zValue,
                     unsigned char aOut[VAULT_IDX_LEN])
{
    assert(zKind != 0 && zValue != 0);
    const void *aP[3] = {zKind, "", zValue};
    size_t aN[3] = {strlen(zKind), 1, strlen(zValue)};
    hmac_absorbed(&p->idx, p->pWork, aP, aN, 3, aOut);
}

/* ---------------------------------------------------------------------
** Key file
*/

/*
** Parse the key file text z (NUL-terminated, modified in place) into *pK.
** Every name in aSlot[] must appear exactly once.  Returns 0, or 1 with
** *pzErr set (caller frees with free()).
*/
static int keys_parse(char *z, const char *zPath, VaultKeys *pK, char **pzErr)
{
    unsigned mSeen = 0;
    int iLine = 0;
    char *zNext;

    for (; z; z = zNext) {
        char *zEq, *zName, *zVal, *zEnd;
        int i;
        iLine++;
        zNext = strchr(z, '\n');
        if (zNext) *zNext++ = 0;
        zEnd = z + strlen(z);
        while (zEnd > z && strchr(" \t\r", zEnd[-1]))
            *--zEnd = 0;
        while (*z == ' ' || *z == '\t')
            z++;
        if (*z == 0 || *z == '#') continue;
        zEq = strchr(z, '=');
        if (!zEq) {
            *pzErr =
                xprintf("key file %s line %d: expected name=hex", zPath, iLine);
            return 1;
        }
        zName = z;
        zVal = zEq + 1;
        for (zEnd = zEq; zEnd > zName && strchr(" \t", zEnd[-1]); zEnd--) {
        }
        *zEnd = 0;
        while (*zVal == ' ' || *zVal == '\t')
            zVal++;
        for (i = 0; i < COUNT(aSlot); i++) {
            if (strcmp(zName, aSlot[i].zName) == 0) break;
        }
        if (i == COUNT(aSlot)) {
            *pzErr = xprintf("key file %s line %d: unknown key name \"%s\" "
                             "(expected enc, mac, idx or audit)",
                             zPath, iLine, zName);
            return 1;
        }
        if (mSeen & (1u << i)) {
            *pzErr = xprintf("key file %s line %d: key \"%s\" given twice",
                             zPath, iLine, zName);
            return 1;
        }
        if (strlen(zVal) != 2 * aSlot[i].nKey ||
            hex_decode(zVal, aSlot[i].nKey, (unsigned char *)pK + aSlot[i].iOff,
                       1)) {
            *pzErr = xprintf("key file %s line %d: key \"%s\" must be "
                             "exactly %d hex digits",
                             zPath, iLine, zName, (int)(2 * aSlot[i].nKey));
            return 1;
        }
        mSeen |= 1u << i;
    }
    for (int i = 0; i < COUNT(aSlot); i++) {
        if (!(mSeen & (1u << i))) {
            *pzErr = xprintf("key file %s: key \"%s\" is missing", zPath,
                             aSlot[i].zName);
            return 1;
        }
    }
    return 0;
}

/*
** Read and parse an existing key file.  Returns 0 on success, ENOENT when
** the file does not exist (no message), or another nonzero value with
** *pzErr set (caller frees with free()).
*/
static int keys_read(const char *zPath, VaultKeys *pK, char **pzErr)
{
    struct stat st;
    char *z = 0;
    ssize_t k;
    size_t n = 0;
    int rc = 1;
    int fd = open(zPath, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        if (errno == ENOENT) return ENOENT;
        *pzErr = xprintf("cannot open key file %s: %s", zPath, strerror(errno));
        return 1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *pzErr = xprintf("key file %s is not a regular file", zPath);
        goto cleanup;
    }
    if (st.st_mode & 077) {
        *pzErr = xprintf("key file %s has mode %04o; group and others must "
                         "have no access (run: chmod 600 %s)",
                         zPath, (unsigned)(st.st_mode & 07777), zPath);
        goto cleanup;
    }
    z = xmalloc(VAULT_MAXFILE + 1);
    while ((k = read(fd, z + n, VAULT_MAXFILE - n)) > 0) {
        n += (size_t)k;
        if (n == VAULT_MAXFILE) break;
    }
    if (k < 0) {
        *pzErr = xprintf("cannot read key file %s: %s", zPath, strerror(errno));
        goto cleanup;
    }
    if (n == VAULT_MAXFILE) {
        *pzErr = xprintf("key file %s is too large to be a key file", zPath);
        goto cleanup;
    }
    z[n] = 0;
    rc = keys_parse(z, zPath, pK, pzErr);
cleanup:
    if (z) {
        OPENSSL_cleanse(z, VAULT_MAXFILE + 1);
        free(z);
    }
    close(fd);
    return rc;
}

/* fsync the directory that holds zPath, so a new link survives a crash. */
static void sync_parent_dir(const char *zPath)
{
    const char *zSlash = strrchr(zPath, '/');
    char *zDir =
        zSlash ? xstrndup(zPath, zSlash == zPath ? 1 : (size_t)(zSlash - zPath))
               : xstrdup(".");
    int fd = open(zDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(zDir);
}

/*
** Generate fresh keys and publish them at zPath with mode 0600: write a
** temp file beside it, fsync, then link() it into place.  link() fails
** with EEXIST when another process created the file first; that is not an
** error (the caller then reads the winner's keys).  On file systems without
** hard links, rename() is used instead.  Returns 0, or 1 with *pzErr set.
*/
static int keys_create(const char *zPath, char **pzErr)
{
    VaultKeys k;
    Buf b = BUF_INIT;
    char aHex[65];
    char *zTmp = xprintf("%s.tmp.XXXXXX", zPath);
    int rc = 1;
    int fd = mkstemp(zTmp);

    if (fd < 0) {
        *pzErr =
            xprintf("cannot create key file %s: %s", zPath, strerror(errno));
        free(zTmp);
        return 1;
    }
    vault_random(&k, sizeof(k));
    buf_appends(&b, "# zhibu vault keys (SM4 and HMAC-SM3).  Keep secret, "
                    "back up apart from the database.\n"
                    "# Losing this file makes encrypted fields unreadable.\n");
    for (int i = 0; i < COUNT(aSlot); i++) {
        vault_hex((unsigned char *)&k + aSlot[i].iOff, aSlot[i].nKey, aHex);
        buf_appendf(&b, "%s=%s\n", aSlot[i].zName, aHex);
    }
    OPENSSL_cleanse(&k, sizeof(k));
    OPENSSL_cleanse(aHex, sizeof(aHex));
    if (fchmod(fd, 0600) != 0 || write(fd, b.z, b.n) != (ssize_t)b.n ||
        fsync(fd) != 0) {
        *pzErr = xprintf("cannot write key file %s: %s", zTmp, strerror(errno));
        close(fd);
        goto cleanup;
    }
    if (close(fd) != 0) {
        *pzErr = xprintf("cannot write key file %s: %s", zTmp, strerror(errno));
        goto cleanup;
    }
    if (link(zTmp, zPath) != 0 && errno != EEXIST && rename(zTmp, zPath) != 0) {
        *pzErr =
            xprintf("cannot install key file %s: %s", zPath, strerror(errno));
        goto cleanup;
    }
    sync_parent_dir(zPath);
    rc = 0;
cleanup:
    unlink(zTmp); /* harmless ENOENT after rename() */
    if (b.z) OPENSSL_cleanse(b.z, b.n);
    buf_free(&b);
    free(zTmp);
    return rc;
}

int vault_keys_load(const char *zPath, int bCreate, VaultKeys *pKeys,
                    char **pzErr)
{
    int rc;
    *pzErr = 0;
    memset(pKeys, 0, sizeof(*pKeys));
    rc = keys_read(zPath, pKeys, pzErr);
    if (rc == ENOENT && bCreate) {
        rc = keys_create(zPath, pzErr);
        if (rc == 0) rc = keys_read(zPath, pKeys, pzErr);
    }
    if (rc == ENOENT) {
        *pzErr = xprintf("key file %s does not exist", zPath);
    }
    if (rc) OPENSSL_cleanse(pKeys, sizeof(*pKeys));
    return rc;
}

/* ---------------------------------------------------------------------
** Power-on self-test (MP-02).  Vectors from the security checklist §2.3,
** RFC 8998 (SM4-CTR), and one HMAC-SM3 pinned with `openssl dgst -sm3
** -hmac key` and an independent HMAC built from Python's hashlib SM3.
*/

/* Decode a hex literal of known length into p (self-test only). */
static void kat_hex(const char *z, unsigned char *p)
{
    size_t n = strlen(z) / 2;
    if (hex_decode(z, n, p, 1)) abort(); /* bad literal: a coding error */
}

/* 1 if digest aGot equals the hex literal zWant. */
static int kat_eq(const unsigned char *aGot, size_t n, const char *zWant)
{
    char z[129];
    assert(n <= 64);
    vault_hex(aGot, n, z);
    return strcmp(z, zWant) == 0;
}

int vault_selftest(void)
{
    static const char zSm4Key[] = "0123456789abcdeffedcba9876543210";
    static const char zCtrPt[] =
        "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
        "eeeeeeeeeeeeeeeeffffffffffffffffaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";
    static const char zCtrCt[] =
        "ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7"
        "f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514";
    static const char zFox[] = "The quick brown fox jumps over the lazy dog";
    unsigned char aKey[16], aIv[16], aIn[64], aOut[64];
    char zAbcd[65];
    VaultKeys k;
    char *zSeal, *zBack = 0;
    int mFail = 0;

    vault_sm3("abc", 3, aOut);
    if (!kat_eq(aOut, 32,
                "66c7f0f462eeedd9d1f2d46bdc10e4e2"
                "4167c4875cf2f7a2297da02b8f4ba8e0"))
        mFail |= 0x01;
    for (int i = 0; i < 16; i++)
        memcpy(zAbcd + 4 * i, "abcd", 4);
    vault_sm3(zAbcd, 64, aOut);
    if (!kat_eq(aOut, 32,
                "debe9ff92275b8a138604889c18e5a4d"
                "6fdb70e5387e5765293dcba39c0c5732"))
        mFail |= 0x02;
    vault_sm3("", 0, aOut);
    if (!kat_eq(aOut, 32,
                "1ab21d8355cfa17f8e61194831e81a8f"
                "22bec8c728fefb747ed035eb5082aa2b"))
        mFail |= 0x04;

    kat_hex(zSm4Key, aKey);
    kat_hex(zSm4Key, aIn);
    if (sm4_apply(EVP_sm4_ecb(), aKey, 0, aIn, 16, aOut) ||
        !kat_eq(aOut, 16, "681edf34d206965e86b3e94f536e4246"))
        mFail |= 0x08;

    kat_hex("000102030405060708090a0b0c0d0e0f", aIv);
    kat_hex(zCtrPt, aIn);
    if (sm4_apply(EVP_sm4_ctr(), aKey, aIv, aIn, 64, aOut) ||
        !kat_eq(aOut, 64, zCtrCt))
        mFail |= 0x10;

    vault_hmac_sm3((const unsigned char *)"key", 3, zFox, strlen(zFox), aOut);
    if (!kat_eq(aOut, 32,
                "bd4a34077888162b210645b8ebf74b9a"
                "f357303789357a27c7fc457244ebd398"))
        mFail |= 0x20;

    /* Round trip, and a flipped MAC digit must be refused. */
    memset(&k, 0x5a, sizeof(k));
    zSeal = vault_seal(&k, "自检");
    if (vault_open(&k, zSeal, &zBack) || strcmp(zBack, "自检") != 0)
        mFail |= 0x40;
    free(zBack);
    zSeal[strlen(zSeal) - 1] ^= 1; /* '0'<->'1', 'a'<->'`' ... */
    if (vault_open(&k, zSeal, &zBack) == 0) mFail |= 0x40;
    free(zBack);
    free(zSeal);

    /* The bulk contexts give the same results: two seals in a row (the
    ** counter restarts with each IV) open, and blind indexes agree. */
    VaultCtx *pCtx = vault_ctx_new(&k);
    unsigned char aIdx[VAULT_IDX_LEN];
    for (int i = 0; i < 2; i++) {
        zSeal = vault_ctx_seal(pCtx, "11010519491231002X");
        zBack = 0;
        if (vault_open(&k, zSeal, &zBack) ||
            strcmp(zBack, "11010519491231002X") != 0)
            mFail |= 0x80;
        free(zBack);
        free(zSeal);
    }
    unsigned char aRaw[VAULT_SEALED_RAW_LEN(18)];
    size_t nRaw = 0;
    for (int i = 0; i < 2; i++) { /* the binary form, with and without */
        zBack = 0;
        if (vault_seal_raw(&k, i ? pCtx : 0, "11010519491231002X", aRaw,
                           sizeof aRaw, &nRaw) ||
            vault_open_raw(&k, aRaw, nRaw, &zBack) ||
            strcmp(zBack, "11010519491231002X") != 0)
            mFail |= 0x80;
        free(zBack);
    }
    aRaw[nRaw - 1] ^= 1; /* a flipped MAC bit must be refused */
    if (vault_open_raw(&k, aRaw, nRaw, &zBack) == 0) mFail |= 0x80;
    free(zBack);
    vault_ctx_blind(pCtx, "phone", "13800138000", aIdx);
    vault_blind_raw(&k, "phone", "13800138000", aOut);
    if (memcmp(aIdx, aOut, VAULT_IDX_LEN) != 0) mFail |= 0x80;
    vault_ctx_free(pCtx);
    return mFail;
}
