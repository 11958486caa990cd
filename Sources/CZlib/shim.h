// zlib's CRC-32 functions for the single-member gzip scrape (see
// DingTalkExporter's DeflatedSection): compress-nio does its deflating but
// exposes neither crc32 nor crc32_combine.
#include <zlib.h>
