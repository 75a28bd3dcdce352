/* SPDX-License-Identifier: ISC */
/*
 * park.c - where connections wait on a timer (waiting answers, partial
 * requests: the kinds of park.h): a binary min-heap by due time and a
 * timerfd armed for its root. Called from any loop thread of a FastCGI
 * worker process and from its main thread (park_wake); every call holds
 * the park's mutex while it touches the heap or the timer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "fastcgi/clock.h"
#include "fastcgi/park.h"

int
park_init(struct park *p)
{
	memset(p, 0, sizeof(*p));
	if ((p->fd = timerfd_create(CLOCK_MONOTONIC,
	    TFD_NONBLOCK | TFD_CLOEXEC)) == -1)
		return -1;
	pthread_mutex_init(&p->lock, NULL);
	return 0;
}

void
park_free(struct park *p)
{
	free(p->heap);
	p->heap = NULL;
	p->n = p->size = 0;
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
	pthread_mutex_destroy(&p->lock);
}

/* Arms the timer for due (0: disarm; 1: at once). Holds the lock. */
static void
arm(struct park *p, uint64_t due)
{
	struct itimerspec its;

	if (due == p->armed)
		return;
	memset(&its, 0, sizeof(its));
	if (due != 0) {
		its.it_value.tv_sec = (time_t)(due / 1000);
		its.it_value.tv_nsec = (long)(due % 1000) * 1000000L;
		if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
			its.it_value.tv_nsec = 1;
	}
	timerfd_settime(p->fd, TFD_TIMER_ABSTIME, &its, NULL);
	p->armed = due;
}

static void
swap(struct parked *a, struct parked *b)
{
	struct parked t = *a;

	*a = *b;
	*b = t;
}

int
park_add(struct park *p, void *item, enum park_kind kind, uint64_t due)
{
	struct parked	*h;
	size_t		 i, size;

	if (due == 0)
		due = 1;
	pthread_mutex_lock(&p->lock);
	if (p->n == p->size) {
		size = p->size ? p->size * 2 : 64;
		if (size > SIZE_MAX / sizeof(*h) ||
		    (h = realloc(p->heap, size * sizeof(*h))) == NULL) {
			pthread_mutex_unlock(&p->lock);
			return -1;
		}
		p->heap = h;
		p->size = size;
	}
	h = p->heap;
	i = p->n++;
	h[i].due = due;
	h[i].item = item;
	h[i].kind = kind;
	for (; i > 0 && h[(i - 1) / 2].due > h[i].due; i = (i - 1) / 2)
		swap(&h[i], &h[(i - 1) / 2]);
	if (p->armed == 0 || due < p->armed)
		arm(p, due);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/*
 * Removes the root of the heap and returns it. Holds the lock; the heap
 * is not empty (never fails).
 */
static struct parked
pop(struct park *p)
{
	struct parked	*h = p->heap;
	struct parked	 root = h[0];
	size_t		 i = 0, c;

	h[0] = h[--p->n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= p->n)
			break;
		if (c + 1 < p->n && h[c + 1].due < h[c].due)
			c++;
		if (h[i].due <= h[c].due)
			break;
		swap(&h[i], &h[c]);
		i = c;
	}
	return root;
}

size_t
park_take(struct park *p, struct parked *out, size_t n, int all)
{
	uint64_t	 now = clock_ms(), tick;
	size_t		 k = 0;

	pthread_mutex_lock(&p->lock);
	while (read(p->fd, &tick, sizeof(tick)) == -1 && errno == EINTR)
		;
	p->armed = 0;		/* fired, or about to be set anew */
	while (k < n && p->n > 0 && (all || p->heap[0].due <= now))
		out[k++] = pop(p);
	if (p->n > 0)
		arm(p, all || p->heap[0].due <= now ? 1 : p->heap[0].due);
	else
		arm(p, 0);
	pthread_mutex_unlock(&p->lock);
	return k;
}

void
park_wake(struct park *p)
{
	pthread_mutex_lock(&p->lock);
	p->armed = 0;
	arm(p, 1);
	pthread_mutex_unlock(&p->lock);
}
