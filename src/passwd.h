/* passwd.h: password policy (等保 8.1.4.1 a, checklist §0.1) and Argon2id
** hashing through libsodium.  sodium_init() must have run (main does it). */
#ifndef ZHIBU_PASSWD_H
#define ZHIBU_PASSWD_H

/*
** Check zPw against the policy, in this order:
**   "too_short"       fewer than nMinLen characters (UTF-8 code points)
**   "common"          in the built-in blocklist (ASCII case-insensitive)
**   "classes"         fewer than 3 of: lowercase, uppercase, digit, other
**                     (other = anything else, including CJK and spaces)
**   "contains_login"  contains zLogin, ASCII case-insensitive, when zLogin
**                     is at least 3 bytes long (zLogin may be NULL)
** Returns 0 when acceptable.  Otherwise returns nonzero and sets *pzCode to
** the static code above and *pzMsg to a static Chinese message (either
** pointer may be NULL).  NULL zPw counts as empty.
*/
int passwd_check_policy(const char *zPw, const char *zLogin, int nMinLen,
                        const char **pzCode, const char **pzMsg);

/* Argon2id hash of zPw (OPSLIMIT/MEMLIMIT_INTERACTIVE) in the libsodium
** "$argon2id$..." string form.  Caller frees with free(); NULL on failure
** (out of memory for the 64 MiB working area). */
char *passwd_hash(const char *zPw);

/* 1 if zPw matches the stored hash zHash, else 0 (also for NULL or a
** malformed hash).  Runs in time independent of where a mismatch is. */
int passwd_verify(const char *zHash, const char *zPw);

/* 1 if zHash should be recomputed after a successful login: not Argon2id,
** weaker than the current limits, or unparsable.  0 when up to date. */
int passwd_needs_rehash(const char *zHash);

/* A one-time password for a new account: 16 random characters from an
** alphabet without look-alikes (no 0 O o 1 l I), always containing a
** lowercase letter, an uppercase letter and a digit, and passing
** passwd_check_policy() at any minimum length up to 16.  Caller frees
** with free(). */
char *passwd_generate(void);

#endif
