/* vault.h: SM3/SM4 field encryption, keyed hashes and the key file
** (密评 MP-A5, MP-A7; DB-DC-01, DB-DC-03).  The prefix `crypto_` belongs to
** libsodium, hence `vault_`. */
#ifndef ZHIBU_VAULT_H
#define ZHIBU_VAULT_H
#include <stddef.h>

/* The four secret keys of one deployment, loaded from the key file. */
typedef struct VaultKeys {
    unsigned char aEnc[16];   /* SM4 key */
    unsigned char aMac[32];   /* HMAC-SM3 key for encrypt-then-MAC */
    unsigned char aIdx[32];   /* HMAC-SM3 key for blind indexes */
    unsigned char aAudit[32]; /* HMAC-SM3 key for the audit hash chain */
} VaultKeys;

/*
** Load keys from the key file zPath: text, one "name=hex" line per key
** (enc, mac, idx, audit); blank lines and lines starting with '#' are
** ignored.  The file must be a regular file that group and others cannot
** access (mode 0600 or 0400).  When the file does not exist and bCreate is
** true, fresh random keys are generated (RAND_bytes), written with mode 0600
** atomically (temp file, fsync, then link into place so a file created at
** the same moment by another process is never overwritten), and loaded.
** Returns 0 on success.  Otherwise returns nonzero, zeroes *pKeys, and sets
** *pzErr to an English message for the operator; caller frees it with
** free().
*/
int vault_keys_load(const char *zPath, int bCreate, VaultKeys *pKeys,
                    char **pzErr);

/*
** Power-on known-answer tests: SM3 "abc", "abcd"x16 and "", SM4-ECB, SM4-CTR
** (RFC 8998), a pinned HMAC-SM3, a seal/open round trip with a fixed key,
** and the same through a VaultCtx and in the binary form.
** Returns 0 when all pass, otherwise a bit mask of the failed tests.
*/
int vault_selftest(void);

/* SM3 digest of p[0..n) into aOut. */
void vault_sm3(const void *p, size_t n, unsigned char aOut[32]);

/* HMAC-SM3 of p[0..n) under pKey[0..nKey) into aOut. */
void vault_hmac_sm3(const unsigned char *pKey, size_t nKey, const void *p,
                    size_t n, unsigned char aOut[32]);

/*
** Encrypt the string zPlain: SM4-CTR under aEnc with a random 16-byte IV,
** then HMAC-SM3 under aMac over "v1:" || iv || ciphertext.  Returns
** "v1:" followed by lowercase hex of iv || ciphertext || mac (32 bytes).
** Caller frees with free().  NULL in gives NULL out.
*/
char *vault_seal(const VaultKeys *pK, const char *zPlain);

/*
** Reverse of vault_seal().  Checks the format (strict lowercase hex), then
** the MAC in constant time, then decrypts.  Returns 0 and sets *pzPlain
** (caller frees with free()) on success; on any format error or tampering
** returns nonzero and sets *pzPlain to NULL.
*/
int vault_open(const VaultKeys *pK, const char *zSealed, char **pzPlain);

/*
** Blind index for lookups and UNIQUE constraints: lowercase hex (64 chars)
** of HMAC-SM3(aIdx, zKind || 0x00 || zValue).  zKind separates domains
** ("id_number", "phone"); zValue should already be normalised.  Caller
** frees with free().  NULL zValue gives NULL.
*/
char *vault_blind_index(const VaultKeys *pK, const char *zKind,
                        const char *zValue);

/* Bytes of a raw blind index (HMAC-SM3). */
#define VAULT_IDX_LEN 32

/* The blind index of vault_blind_index() as raw bytes into aOut (the form
** stored in person.id_number_idx and phone_idx).  zValue must not be NULL. */
void vault_blind_raw(const VaultKeys *pK, const char *zKind, const char *zValue,
                     unsigned char aOut[VAULT_IDX_LEN]);

/*
** Keyed contexts for bulk work (an import): HMAC-SM3 under aMac and aIdx
** and SM4-CTR under aEnc, set up once instead of per value.  A VaultCtx
** belongs to one thread at a time.  vault_ctx_new() aborts if OpenSSL
** fails; the caller frees with vault_ctx_free() (NULL-safe), which wipes
** the key schedules.
*/
typedef struct VaultCtx VaultCtx;
VaultCtx *vault_ctx_new(const VaultKeys *pK);
void vault_ctx_free(VaultCtx *p);
/* Bytes of vault_seal()'s output for n bytes of plaintext, with the NUL. */
#define VAULT_SEALED_LEN(n) (3 + 2 * (16 + (n) + 32) + 1)
/* Bytes of the binary sealed form of n bytes of plaintext. */
#define VAULT_SEALED_RAW_LEN(n) (3 + 16 + (n) + 32)
/*
** The binary form of vault_seal(), as stored in the database: "v1:" then
** iv || ciphertext || mac as bytes (the same MAC over the same bytes, half
** the size of the hex text).  Uses the contexts of pCtx when not NULL, else
** pK.  zPlain must not be NULL.  Writes to aOut[0..nOut) and sets *pnOut;
** returns 0, or 1 when nOut is less than VAULT_SEALED_RAW_LEN(strlen(zPlain))
** (nothing written).
*/
int vault_seal_raw(const VaultKeys *pK, VaultCtx *pCtx, const char *zPlain,
                   unsigned char *aOut, size_t nOut, size_t *pnOut);
/* vault_open() of the binary form p[0..n).  Same results. */
int vault_open_raw(const VaultKeys *pK, const void *p, size_t n,
                   char **pzPlain);
/* Same as vault_seal() and vault_blind_raw(), with p's keys. */
char *vault_ctx_seal(VaultCtx *p, const char *zPlain);
void vault_ctx_blind(VaultCtx *p, const char *zKind, const char *zValue,
                     unsigned char aOut[VAULT_IDX_LEN]);

/* Fill p[0..n) from RAND_bytes(); aborts if the generator fails. */
void vault_random(void *p, size_t n);

/* Lowercase hex of p[0..n) into zOut, which has room for 2n+1 bytes. */
void vault_hex(const unsigned char *p, size_t n, char *zOut);

#endif
