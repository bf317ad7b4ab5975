/* setting.h: runtime settings with defaults (c-style §7.9).  Values live in
** the setting table; the table below gives each its default. */
#ifndef ZHIBU_SETTING_H
#define ZHIBU_SETTING_H
#include <stdint.h>
#include "db.h"

typedef struct Setting {
    const char *zName;    /* "password-min-length" */
    int64_t iMin, iMax;   /* allowed range */
    const char *zDefault; /* default value */
    const char *zHelp;    /* Chinese help, with the rule it serves */
} Setting;

/* The i-th setting (static), NULL past the end. */
const Setting *setting_at(int i);
const Setting *setting_find(const char *zName); /* static or NULL */
/* Integer value of setting zName (unknown names are a bug: assert). */
int64_t setting_int(Db *pDb, const char *zName);
/* The value of setting zName given its stored text zValue (NULL when not
** stored): zValue when valid and in range, else the default.  For callers
** that read settings in their own query. */
int64_t setting_int_value(const char *zName, const char *zValue);
/* Validate and store; returns 0, or ZE_SETTING_UNKNOWN/ZE_SETTING_VALUE, or
** a DB error code (as negative). */
int setting_set(Db *pDb, const char *zName, const char *zValue);

#endif
