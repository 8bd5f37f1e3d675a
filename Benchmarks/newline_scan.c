/* Raw newline scan: the physical limit for any line-oriented reader of the same bytes.
 *
 * Reads each file with read(2) into one 8 MiB buffer and counts '\n' with memchr. Prints, for all files
 * together: bytes, lines, seconds, MB/s (MB = 10^6 bytes), as one line of "key=value" pairs.
 *
 * Build: cc -O2 -o Benchmarks/out/newline_scan Benchmarks/newline_scan.c   (events_duckdb.py does this)
 * Usage: newline_scan FILE...
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_SIZE (8u << 20)

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    char *buffer = malloc(BUFFER_SIZE);
    if (!buffer) {
        perror("malloc");
        return 1;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    unsigned long long bytes = 0, lines = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        for (;;) {
            ssize_t n = read(fd, buffer, BUFFER_SIZE);
            if (n < 0) {
                if (errno == EINTR) continue;
                fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                return 1;
            }
            if (n == 0) break;
            bytes += (unsigned long long)n;
            const char *p = buffer, *stop = buffer + n;
            while ((p = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
                lines++;
                p++;
            }
        }
        close(fd);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("bytes=%llu lines=%llu seconds=%.6f mb_per_s=%.1f\n", bytes, lines, seconds,
           seconds > 0 ? (double)bytes / 1e6 / seconds : 0.0);
    free(buffer);
    return 0;
}
