/* main.c: argv → the command table (cmdtab.c); nothing else. */
#include "cmd.h"
#include "util.h"
#include <sodium.h>

int main(int argc, char **argv)
{
    if (sodium_init() < 0) die("libsodium failed to initialise");
    return cmd_dispatch(argc, argv);
}
