/* SPDX-License-Identifier: ISC */
/*
 * park.h - where connections wait on a timer: a min-heap of items by due
 * time (CLOCK_MONOTONIC milliseconds, clock_ms() of clock.h) behind a
 * timerfd that becomes readable when the earliest is due. Any thread may
 * add and take; a mutex guards the heap and the timer's arming together.
 *
 * Each item is parked with its kind, and taken with it, so that whoever
 * takes it knows what to do with it without looking inside:
 * - PARK_ANSWER: a connection whose answer waits for its next piece (the
 *   sleep= or drip= wait, the final answer after an interim one); taken,
 *   its reply goes on where it stopped.
 * - PARK_PARTIAL: a connection whose peer has sent part of a request;
 *   taken, the connection is looked at again for the rest (every 5 ms at
 *   first, backing off to every 100 ms, until its deadline).
 * The park never looks at an item itself: to it, an item is a pointer.
 */
#ifndef STATUSCGI_PARK_H
#define STATUSCGI_PARK_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

enum park_kind {
	PARK_ANSWER,	/* its answer's next piece is due */
	PARK_PARTIAL	/* part of its request came: look again */
};

/* One parked item: what it is, which, and when it is due. */
struct parked {
	uint64_t	 due;
	void		*item;
	enum park_kind	 kind;
};

struct park {
	pthread_mutex_t	 lock;
	struct parked	*heap;
	size_t		 n, size;
	int		 fd;		/* the timerfd */
	uint64_t	 armed;		/* the timerfd's deadline, 0: none */
};

/* Returns 0, or -1 (errno set) if no timerfd could be made. */
int	park_init(struct park *);
void	park_free(struct park *);

/*
 * Parks item, of kind, until due, arming the timer if it is now the
 * earliest. Returns 0, or -1 when out of memory (item is not parked).
 */
int	park_add(struct park *, void *item, enum park_kind kind,
	    uint64_t due);

/*
 * Takes up to n items that are due (every item, with all set) into out,
 * earliest first, each with its kind, and re-arms the timer for what
 * stays: at once if more are due. Returns how many were taken (0 if none
 * are due); never fails.
 */
size_t	park_take(struct park *, struct parked *out, size_t n, int all);

/* Makes the timer fire at once (a stopping service takes all). */
void	park_wake(struct park *);

#endif
