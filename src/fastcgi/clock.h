/* SPDX-License-Identifier: ISC */
/*
 * clock.h - the monotonic clock in milliseconds, for deadlines and due
 * times: the supervisor's restarts and kills (super.c), a worker's park
 * and its connections' deadlines. Any process, any thread; it touches
 * nothing but the clock.
 */
#ifndef STATUSCGI_CLOCK_H
#define STATUSCGI_CLOCK_H

#include <stdint.h>
#include <time.h>

/*
 * CLOCK_MONOTONIC in milliseconds. Never fails: on Linux the monotonic
 * clock is always there (were clock_gettime() to fail, the time would be
 * garbage, never an error to handle).
 */
static inline uint64_t
clock_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#endif
