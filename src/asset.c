/* asset.c: binary search over the embedded files. */
#include "asset.h"
#include <string.h>
#include "assets_data.h"

const Asset *asset_find(const char *zPath)
{
    int lo = 0, hi = (int)(sizeof(aAsset) / sizeof(aAsset[0])) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(aAsset[mid].zPath, zPath);
        if (c == 0) return &aAsset[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

const Asset *asset_at(int i)
{
    if (i < 0 || i >= (int)(sizeof(aAsset) / sizeof(aAsset[0]))) return 0;
    return &aAsset[i];
}
