/* cmd.h: CLI commands (the command table is in main.c) and their shared
** option parsing and start-up. */
#ifndef ZHIBU_CMD_H
#define ZHIBU_CMD_H
#include "app.h"
#include "ctx.h"

/* Remove "--name VALUE" (or "--name=VALUE") from argv; returns VALUE
** (borrowed from argv) or NULL. */
const char *cmd_option(int *pArgc, char **argv, const char *zName);
/* Remove the flag "--name"; returns 1 if it was there. */
int cmd_flag(int *pArgc, char **argv, const char *zName);
/* die() if any "--" option is left in argv. */
void cmd_verify_options(int argc, char **argv);
/* The database URL from --db or ZHIBU_DB; dies when missing. */
const char *cmd_db_url(int *pArgc, char **argv);
/* The key file for zDbUrl: --key, ZHIBU_KEY, "<sqlite path>.key" or
** "zhibu.key".  Returns a string the caller frees. */
char *cmd_key_path(int *pArgc, char **argv, const char *zDbUrl);
/* Open the database, check the schema is current and load the keys
** (creating them when bCreateKeys).  Dies on failure.  Caller closes. */
Db *cmd_open(const char *zDbUrl, const char *zKeyPath, int bCreateKeys,
             VaultKeys *pKeys);
/* Set up pApp for serving (pool of nConn, keys, semaphores).  Dies on
** failure. */
void cmd_app_init(App *pApp, const char *zDbUrl, const char *zKeyPath,
                  int nConn);

/* Run the command named by argv[1]; returns the exit status. */
int cmd_dispatch(int argc, char **argv);
int main_command_count(void);
const char *main_command_name(int i);

int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_idcard(int argc, char **argv);
int cmd_test_route(int argc, char **argv);
/* zhibu recruit audit FILE.json [--db URL]: the dossier audit as JSON;
** exit 0 clean, 1 when a finding is an error, 2 on bad input. */
int cmd_recruit(int argc, char **argv);
/* zhibu dues calc --kind KIND --base AMOUNT [--db URL] [--explain]: the
** monthly dues with two decimals; exit 2 on bad input. */
int cmd_dues(int argc, char **argv);
/* Create the schema, root committee (id 1) and the three administrators
** in an empty database; prints one-time passwords when bPrint. */
int cmd_do_init(Db *pDb, App *pApp, const char *zRootName, int bPrint);

#endif
