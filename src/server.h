/* server.h: the libmicrohttpd daemon. */
#ifndef ZHIBU_SERVER_H
#define ZHIBU_SERVER_H
#include "app.h"

/* Serve on zAddr ("127.0.0.1:8080"; port 0 picks a free one) until SIGINT
** or SIGTERM.  Prints "listening on http://ADDR:PORT" once ready.
** Returns the exit status. */
int server_run(App *pApp, const char *zAddr, int nThreads);

#endif
