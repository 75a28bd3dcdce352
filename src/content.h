/* SPDX-License-Identifier: ISC */
/*
 * content.h - an answer's content as a list of pieces: text held in a
 * buffer, or bytes of the fixed pattern that size= serves, made only as
 * they are sent, so that memory stays flat whatever the size. The plan
 * builds one (text offsets into its body), the writer copies it into the
 * reply (text offsets into the reply's bytes). Shared by plan.h and
 * reply.h; the thread that owns the plan or the reply owns its content.
 */
#ifndef STATUSCGI_CONTENT_H
#define STATUSCGI_CONTENT_H

#include <stddef.h>

#define RANGES_MAX	 16	/* parts of one multipart/byteranges answer */
#define CONTENT_SEGS_MAX (2 * RANGES_MAX + 1)
#define SIZE_MAX_BYTES	 (1024ULL * 1024 * 1024)	/* size= cap: 1 GiB */

enum seg_kind {
	SEG_TEXT,	/* bytes off.. of a buffer the owner names */
	SEG_PATTERN	/* bytes off.. of the pattern */
};

struct seg {
	enum seg_kind	 kind;
	unsigned long long off, len;
};

struct content {
	struct seg	 seg[CONTENT_SEGS_MAX];
	size_t		 n;
	unsigned long long len;		/* the sum of the segments' lengths */
};

/* Empties c. Never fails. */
void	content_reset(struct content *c);

/*
 * Appends len bytes of kind from off. An empty piece adds nothing.
 * Returns 0, or -1 when c already holds CONTENT_SEGS_MAX pieces.
 */
int	content_add(struct content *c, enum seg_kind kind,
	    unsigned long long off, unsigned long long len);

/*
 * Fills dst with n bytes of the pattern from offset off: byte i of the
 * pattern is "0-9a-zA-Z"[i % 62], the same for any size at any offset.
 * Never fails.
 */
void	pattern_fill(char *dst, size_t n, unsigned long long off);

#endif
