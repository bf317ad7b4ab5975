/* cmd_calendar.h: the `zhibu calendar` command (B2). */
#ifndef ZHIBU_CMD_CALENDAR_H
#define ZHIBU_CMD_CALENDAR_H

/*
** zhibu calendar workday YYYY-MM N      print the N-th working day
** zhibu calendar is-workday YYYY-MM-DD  print "yes" or "no"
** argv[0] is "calendar".  Returns the exit status: 0 on success, 1 when the
** month has fewer than N working days or the data cannot be loaded, 2 on
** bad arguments (Chinese message on stderr).
*/
int cmd_calendar(int argc, char **argv);

#endif
