/*
 * park.h - where waiting answers wait: a min-heap of items by due time
 * (CLOCK_MONOTONIC milliseconds,
 * clock_ms() of clock.h) behind a timerfd that becomes readable
 * when the earliest is due. Any thread may add and take; a mutex guards
 * the heap and the timer's arming together.
 */
#ifndef STATUSCGI_PARK_H
#define STATUSCGI_PARK_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct parked {
	uint64_t	 due;
	void		*item;
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
 * Parks item until due, arming the timer if it is now the earliest.
 * Returns 0, or -1 when out of memory (item is not parked).
 */
int	park_add(struct park *, void *item, uint64_t due);

/*
 * Takes up to n items that are due (every item, with all set) into items,
 * earliest first, and re-arms the timer for what stays: at once if more
 * are due. Returns how many were taken (0 if none are due).
 */
size_t	park_take(struct park *, void **items, size_t n, int all);

/* How many items are parked. */
size_t	park_count(struct park *);

/* Makes the timer fire at once (a stopping service takes all). */
void	park_wake(struct park *);

#endif
