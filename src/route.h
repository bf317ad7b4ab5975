/* route.h: the HTTP route table and the central checks (c-style §7.3). */
#ifndef ZHIBU_ROUTE_H
#define ZHIBU_ROUTE_H
#include "req.h"

typedef void (*RouteFn)(Req *r);

/* One entry in the HTTP route table. */
typedef struct Route {
    const char *zMethod;  /* "GET", "POST", "PATCH", "PUT", "DELETE" */
    const char *zPattern; /* "/api/v1/orgs/:id"; ":name" captures a segment */
    RouteFn xHandler;     /* must queue exactly one reply */
    unsigned mCap;        /* CAP_* bits needed (somewhere); 0 = logged in */
    unsigned mFlags;      /* RF_* */
    const char *zSummary; /* one line, for help and docs/api.md */
} Route;

#define RF_PUBLIC  0x01 /* no login required */
#define RF_RAWBODY 0x02 /* body is a file, not JSON */
#define RF_NOCSRF  0x04 /* exempt from the CSRF check (login only) */
#define RF_PWOK    0x08 /* allowed while the password must be changed */
/* A pure read: the checks and the handler share one read snapshot (one
** SQLite read transaction). */
#define RF_SNAP 0x10

/* Run the central checks and the handler; always leaves a reply queued. */
void route_dispatch(Req *r);
/* The i-th route (static), or NULL past the end. */
const Route *route_at(int i);
/* Find the route for zMethod zPath; *pbMethod is set when only the method
** differs.  Fills azArg/pnArg from a copy the caller frees (*pzCopy).
** Returns the route (static) or NULL. */
const Route *route_match(const char *zMethod, const char *zPath,
                         const char **azArg, int *pnArg, char **pzCopy,
                         int *pbMethod);
/* Maximum body sizes. */
#define ROUTE_MAX_JSON (1 << 20)
#define ROUTE_MAX_FILE (64 << 20)

#endif
