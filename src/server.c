/* server.c: libmicrohttpd glue.  A thread pool; each request gets a Req,
** the body is collected with a size limit, route_dispatch() runs once the
** upload is complete, and the reply is built with the security headers
** (CSP, nosniff, frame-ancestors) every response carries. */
#include "server.h"
#include "log.h"
#include "req.h"
#include "route.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

static void add_security_headers(struct MHD_Response *pResp, const Req *r)
{
    MHD_add_response_header(
        pResp, "Content-Security-Policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    MHD_add_response_header(pResp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(pResp, "X-Frame-Options", "DENY");
    MHD_add_response_header(pResp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(pResp, "Cross-Origin-Opener-Policy", "same-origin");
    int bCache = 0;
    for (int i = 0; i < r->nHdr; i++) {
        MHD_add_response_header(pResp, r->azHdr[i][0], r->azHdr[i][1]);
        if (strcmp(r->azHdr[i][0], "Cache-Control") == 0) bCache = 1;
    }
    if (!bCache)
        MHD_add_response_header(pResp, "Cache-Control",
                                r->bNoStore ? "no-store" : "no-cache");
}

static int64_t now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, 0);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Queue the reply held by r. */
static enum MHD_Result send_reply(struct MHD_Connection *pConn, Req *r)
{
    struct MHD_Response *pResp;
    if (r->iFd >= 0) {
        pResp = MHD_create_response_from_fd((uint64_t)r->nReply, r->iFd);
        r->iFd = -1; /* MHD closes it */
    } else if (r->pStatic) {
        pResp = MHD_create_response_from_buffer(
            (size_t)r->nReply, (void *)r->pStatic, MHD_RESPMEM_PERSISTENT);
    } else if (r->zReply) {
        pResp = MHD_create_response_from_buffer((size_t)r->nReply, r->zReply,
                                                MHD_RESPMEM_MUST_FREE);
        r->zReply = 0;
    } else {
        pResp = MHD_create_response_from_buffer(0, (void *)"",
                                                MHD_RESPMEM_PERSISTENT);
    }
    if (!pResp) return MHD_NO;
    if (r->zType) MHD_add_response_header(pResp, "Content-Type", r->zType);
    add_security_headers(pResp, r);
    enum MHD_Result ret =
        MHD_queue_response(pConn, (unsigned)r->iStatus, pResp);
    MHD_destroy_response(pResp);
    log_msg(LOG_INFO, "%s %s %d %lldms user=%lld", r->zMethod, r->zPath,
            r->iStatus, (long long)(now_ms() - r->tStart),
            r->pUser ? (long long)r->pUser->iId : 0LL);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *pConn,
                                  const char *zUrl, const char *zMethod,
                                  const char *zVersion, const char *zUpload,
                                  size_t *pnUpload, void **ppReq)
{
    App *pApp = cls;
    Req *r = *ppReq;
    (void)zVersion;
    if (!r) {
        *ppReq = req_new(pApp, pConn, zMethod, zUrl);
        return MHD_YES;
    }
    if (*pnUpload) {
        if (!r->bTooLarge && r->body.n + *pnUpload <= ROUTE_MAX_FILE)
            buf_append(&r->body, zUpload, *pnUpload);
        else
            r->bTooLarge = 1;
        *pnUpload = 0;
        return MHD_YES;
    }
    route_dispatch(r);
    /* The reply is built: give the connection back now, not when MHD has
    ** sent it.  This worker thread may take up another request before
    ** the send finishes, and with every pooled connection held by replies
    ** in flight all workers would wait for one another. */
    req_db_release(r);
    return send_reply(pConn, r);
}

static void on_completed(void *cls, struct MHD_Connection *pConn, void **ppReq,
                         enum MHD_RequestTerminationCode e)
{
    (void)cls;
    (void)pConn;
    (void)e;
    req_free(*ppReq);
    *ppReq = 0;
}

/* The WAL checkpointer (SQLite): every 200 ms a passive checkpoint on its
** own connection, so that requests never pay for one (a checkpoint into a
** multi-gigabyte file was the tail of the write latency).  State lives on
** server_run()'s stack. */
typedef struct Ckpt {
    Db *pDb;            /* own connection; owned by server_run() */
    pthread_mutex_t mu; /* guards bStop */
    pthread_cond_t cv;  /* signalled on stop */
    int bStop;          /* set by server_run() on shutdown */
} Ckpt;

static void *ckpt_main(void *pArg)
{
    Ckpt *k = pArg;
    pthread_mutex_lock(&k->mu);
    while (!k->bStop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&k->cv, &k->mu, &ts);
        if (k->bStop) break;
        pthread_mutex_unlock(&k->mu);
        if (db_checkpoint(k->pDb))
            log_msg(LOG_WARN, "wal checkpoint: %s", db_errmsg(k->pDb));
        pthread_mutex_lock(&k->mu);
    }
    pthread_mutex_unlock(&k->mu);
    return 0;
}

int server_run(App *pApp, const char *zAddr, int nThreads)
{
    struct sockaddr_in sa;
    char zHost[64] = "127.0.0.1";
    int iPort = 8080;
    const char *zColon = strrchr(zAddr, ':');
    memset(&sa, 0, sizeof sa);
    if (zColon) {
        size_t n = (size_t)(zColon - zAddr);
        if (n >= sizeof zHost) n = sizeof zHost - 1;
        memcpy(zHost, zAddr, n);
        zHost[n] = 0;
        iPort = atoi(zColon + 1);
    } else {
        iPort = atoi(zAddr);
    }
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)iPort);
    if (inet_pton(AF_INET, zHost, &sa.sin_addr) != 1) {
        fprintf(stderr, "zhibu: bad listen address %s\n", zAddr);
        return 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, 0);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
        0, 0, on_request, pApp, MHD_OPTION_SOCK_ADDR, &sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)nThreads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, pApp,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256,
        /* Per connection: request headers and MHD's bookkeeping (bodies go
        ** to r->body).  MHD zeroes this pool between keep-alive requests,
        ** so it is kept at MHD's usual 32 KiB rather than larger. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "zhibu: cannot listen on %s\n", zAddr);
        return 1;
    }
    const union MHD_DaemonInfo *pInfo =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on http://%s:%u\n", zHost,
           pInfo ? (unsigned)pInfo->port : (unsigned)iPort);
    fflush(stdout);
    Ckpt k;
    pthread_t th;
    int bCkpt = 0;
    memset(&k, 0, sizeof k);
    if (dbpool_autocheckpoint(pApp->pPool, 0)) {
        char *zErr = 0;
        if (db_open(pApp->zDbUrl, &k.pDb, &zErr) == DB_OK) {
            pthread_mutex_init(&k.mu, 0);
            pthread_cond_init(&k.cv, 0);
            bCkpt = pthread_create(&th, 0, ckpt_main, &k) == 0;
        } else {
            log_msg(LOG_WARN, "no checkpointer: %s", zErr ? zErr : "?");
            free(zErr);
        }
        if (!bCkpt) /* fall back to checkpoints by the writers */
            dbpool_autocheckpoint(pApp->pPool, 1000);
    }
    int sig = 0;
    sigwait(&set, &sig);
    log_msg(LOG_INFO, "signal %d: stopping", sig);
    MHD_stop_daemon(d);
    if (bCkpt) {
        pthread_mutex_lock(&k.mu);
        k.bStop = 1;
        pthread_cond_signal(&k.cv);
        pthread_mutex_unlock(&k.mu);
        pthread_join(th, 0);
        db_checkpoint(k.pDb);
    }
    db_close(k.pDb);
    return 0;
}
