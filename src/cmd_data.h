/* cmd_data.h: CLI commands over members and demo data (cmd_member.c,
** cmd_demo.c). */
#ifndef ZHIBU_CMD_DATA_H
#define ZHIBU_CMD_DATA_H
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_gen(int argc, char **argv);
#endif
