/* log.h: levelled logging to stderr. */
#ifndef ZHIBU_LOG_H
#define ZHIBU_LOG_H
#include "util.h"
#define LOG_ERROR 0
#define LOG_WARN  1
#define LOG_INFO  2
#define LOG_DEBUG 3
/* Write one line "LEVEL message" to stderr.  Never pass passwords, tokens or
** ID numbers. */
void log_msg(int iLevel, const char *zFmt, ...) ZB_FMT(2, 3);
#endif
