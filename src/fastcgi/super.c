/* SPDX-License-Identifier: ISC */
/*
 * super.c - the FastCGI supervisor. Runs in the process main.c starts
 * (single-threaded); touches only its own slots, the ready pipe and
 * signals. Workers are forked from it and return to main.c to serve.
 *
 * A worker tells its pid on the ready pipe once its threads run. One that
 * dies after that is replaced at once, unless in a crash loop: a crash
 * (libfcgi's assert on a hostile record, a signal, a bug) costs only the
 * requests it held. One that dies before it was ready would die again: it
 * is restarted after 50 ms, then 100, 200... up to 10 s, never in a tight
 * loop.
 *
 * A crash loop costs bounded CPU too (each replacement is a fork, about a
 * millisecond of this process's CPU, several under ASan). Each slot keeps
 * the times of its last CRASH_BURST deaths, whatever ended them: when
 * CRASH_BURST of them fall within CRASH_WINDOW_MS the slot is in a crash
 * loop, and its replacements wait 50 ms, then 100, 200... up to 10 s,
 * ready or not (the longer wait wins). The loop lasts while each
 * replacement dies within CRASH_WINDOW_MS of its start (a worker in a
 * loop becomes ready every time: being ready proves nothing); one that
 * outlives that ends it, and its death is replaced at once.
 *
 * A worker killed by its sandbox has recorded the refused system call in
 * its slot's sandbox_record, a page shared with every worker (mapped
 * before the first fork, emptied before each); the death's log line
 * names it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fastcgi/clock.h"
#include "sandbox.h"
#include "fastcgi/super.h"

#define BACKOFF_FIRST_MS	50
#define BACKOFF_MAX_MS		10000
#define KILL_AFTER_MS		5000	/* past the grace period */

/*
 * A crash loop: CRASH_BURST deaths of one slot within CRASH_WINDOW_MS.
 * Counted per slot, not over the pool. A pool-wide count would mean less
 * the more processes run (5 deaths in 10 s among 32 workers is a crash
 * now and then, not a loop), and once reached it would hold back every
 * slot at once, the socket answering nothing. Per slot, the cost is
 * bounded all the same: a slot forks at once at most CRASH_BURST - 1
 * times in a row, then no sooner than its backoff allows, in the end once
 * every BACKOFF_MAX_MS; the pool's cost is that times --processes (at
 * most 256; by default one per CPU, which the forks then share).
 */
#define CRASH_BURST		5
#define CRASH_WINDOW_MS		10000

struct slot {
	pid_t		 pid;		/* 0: not running */
	int		 ready;
	unsigned	 early;		/* deaths in a row before ready */
	unsigned	 streak;	/* deaths in its crash loop, past the
					 * first CRASH_BURST - 1; 0: none */
	uint64_t	 start_at;	/* when to start it (pid 0) */
	uint64_t	 born;		/* when it was started (pid > 0) */
	uint64_t	 deaths[CRASH_BURST];	/* the last ones' times; 0:
						 * none yet */
	unsigned	 death;		/* where the next one goes */
	struct sandbox_record *rec;	/* shared: what its sandbox refused */
};

static volatile sig_atomic_t got_stop;

/* SIGCHLD only interrupts the wait (workers are reaped after every one). */
static void
on_signal(int sig)
{
	if (sig != SIGCHLD)
		got_stop = 1;
}

/* How a worker ended (rec: what its sandbox recorded), for the log line. */
static void
describe(int status, struct sandbox_record *rec, char *s, size_t n)
{
	char		 call[96];

	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS &&
	    sandbox_describe(rec, call, sizeof(call)))
		snprintf(s, n, "was killed by the sandbox: %s refused", call);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		snprintf(s, n, "was killed by signal %d (%s), no system call "
		    "recorded", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFSIGNALED(status))
		snprintf(s, n, "was killed by signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(s, n, "exited with status %d", WEXITSTATUS(status));
}

/*
 * Forks the worker of slot i. Returns SUPER_WORKER in the child, 0 in the
 * supervisor (a failed fork is retried as a death before ready).
 */
static int
spawn(struct slot *s, unsigned i, const int pipefd[2], pid_t self,
    const sigset_t *old)
{
	struct sigaction sa;
	pid_t		 pid;

	sandbox_record_clear(s->rec);
	if ((pid = fork()) == 0) {
		sandbox_record_to(s->rec);
		/* A worker ends with its supervisor, whatever ends it. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != self)
			raise(SIGTERM);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGUSR1, &sa, NULL);
		sigprocmask(SIG_SETMASK, old, NULL);
		close(pipefd[0]);
		return SUPER_WORKER;
	}
	if (pid == -1) {
		fprintf(stderr, "status.cgi: cannot start worker %u: %s\n",
		    i + 1, strerror(errno));
		s->early++;
		s->start_at = clock_ms() + BACKOFF_FIRST_MS;
		return 0;
	}
	s->pid = pid;
	s->ready = 0;
	s->born = clock_ms();
	return 0;
}

/* Reads the pids of workers that became ready. */
static void
read_ready(int fd, struct slot *s, unsigned n)
{
	pid_t		 pid;
	unsigned	 i;

	while (read(fd, &pid, sizeof(pid)) == (ssize_t)sizeof(pid))
		for (i = 0; i < n; i++)
			if (s[i].pid == pid) {
				s[i].ready = 1;
				s[i].early = 0;
			}
}

/*
 * Returns the kth wait of a backoff: 0 for k 0, then 50 ms, 100, 200 ...
 * at most BACKOFF_MAX_MS. Never fails.
 */
static uint64_t
backoff(unsigned k)
{
	uint64_t	 ms;

	if (k == 0)
		return 0;
	ms = (uint64_t)BACKOFF_FIRST_MS << (k - 1 < 16 ? k - 1 : 16);
	return ms < BACKOFF_MAX_MS ? ms : BACKOFF_MAX_MS;
}

/*
 * Counts a death of slot s's worker (started at s->born) at now. Returns
 * how long its replacement waits for the crash loop, 0 if there is none.
 * Never fails.
 */
static uint64_t
crash_loop(struct slot *s, uint64_t now)
{
	uint64_t	 oldest;

	s->deaths[s->death] = now;
	s->death = (s->death + 1) % CRASH_BURST;
	oldest = s->deaths[s->death];	/* CRASH_BURST deaths ago */
	if ((oldest != 0 && now - oldest < CRASH_WINDOW_MS) ||
	    (s->streak > 0 && now - s->born < CRASH_WINDOW_MS))
		s->streak++;
	else
		s->streak = 0;
	return backoff(s->streak);
}

/* Reaps dead workers, logs each, and schedules its replacement. */
static void
reap(struct slot *s, unsigned n, int stopping)
{
	char		 how[192];
	pid_t		 pid;
	uint64_t	 now, delay, early;
	unsigned	 i;
	int		 status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < n && s[i].pid != pid; i++)
			;
		if (i == n)
			continue;
		s[i].pid = 0;
		if (stopping)
			continue;
		describe(status, s[i].rec, how, sizeof(how));
		now = clock_ms();
		delay = crash_loop(&s[i], now);
		s[i].start_at = now + delay;
		if (s[i].ready && delay == 0) {
			fprintf(stderr, "status.cgi: worker %u (pid %ld) %s; "
			    "replaced\n", i + 1, (long)pid, how);
			continue;
		}
		if (s[i].ready) {
			fprintf(stderr, "status.cgi: worker %u (pid %ld) %s; "
			    "%u deaths in a crash loop: replacing in %lu ms\n",
			    i + 1, (long)pid, how,
			    CRASH_BURST - 1 + s[i].streak,
			    (unsigned long)delay);
			continue;
		}
		/* 0, 50, 100, 200 ... BACKOFF_MAX_MS, or the crash loop's */
		early = backoff(++s[i].early - 1);
		if (early > delay)
			delay = early;
		s[i].start_at = now + delay;
		fprintf(stderr, "status.cgi: worker %u (pid %ld) %s before it "
		    "was ready; restarting in %lu ms\n", i + 1, (long)pid, how,
		    (unsigned long)delay);
	}
}

/* Stops every worker, waiting for their drain; kills stragglers. */
static void
stop_all(struct slot *s, unsigned n, unsigned long grace_ms,
    const sigset_t *wait_mask)
{
	struct timespec	 tick = { 0, 20 * 1000000L };
	uint64_t	 kill_at = clock_ms() + grace_ms + KILL_AFTER_MS;
	unsigned	 i, live;
	int		 killed = 0;

	for (i = 0; i < n; i++)
		if (s[i].pid > 0)
			kill(s[i].pid, SIGTERM);
	for (;;) {
		reap(s, n, 1);
		for (live = 0, i = 0; i < n; i++)
			live += s[i].pid > 0;
		if (live == 0)
			break;
		if (!killed && clock_ms() >= kill_at) {
			for (i = 0; i < n; i++)
				if (s[i].pid > 0) {
					fprintf(stderr, "status.cgi: worker %u "
					    "(pid %ld) did not drain; killed\n",
					    i + 1, (long)s[i].pid);
					kill(s[i].pid, SIGKILL);
				}
			killed = 1;
		}
		/* A second stop signal is passed on: workers hurry. */
		got_stop = 0;
		pselect(0, NULL, NULL, NULL, &tick, wait_mask);
		if (got_stop)
			for (i = 0; i < n; i++)
				if (s[i].pid > 0)
					kill(s[i].pid, SIGTERM);
	}
}

enum super_role
supervise(int fd, unsigned processes, unsigned long grace_ms, int *ready_fd,
    char *err, size_t n)
{
	struct slot	*s;
	struct sandbox_record *recs;
	struct sigaction sa;
	fd_set		 rfds;
	struct timespec	 ts, *tsp;
	sigset_t	 block, old, wait_mask;
	uint64_t	 now, next;
	unsigned	 i;
	int		 pipefd[2];
	pid_t		 self = getpid();

	(void)fd;		/* inherited by every worker across fork() */
	if ((s = calloc(processes, sizeof(*s))) == NULL) {
		snprintf(err, n, "out of memory");
		return SUPER_FAILED;
	}
	if ((recs = sandbox_records(processes)) == NULL) {
		snprintf(err, n, "cannot map shared memory: %s",
		    strerror(errno));
		free(s);
		return SUPER_FAILED;
	}
	for (i = 0; i < processes; i++)
		s[i].rec = &recs[i];
	if (pipe(pipefd) == -1 ||
	    fcntl(pipefd[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(pipefd[1], F_SETFL, O_NONBLOCK) == -1) {
		snprintf(err, n, "cannot make a pipe: %s", strerror(errno));
		sandbox_records_free(recs, processes);
		free(s);
		return SUPER_FAILED;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	wait_mask = old;
	sigdelset(&wait_mask, SIGCHLD);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGUSR1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	if (sandbox_enter(SANDBOX_SUPERVISOR, err, n) == -1) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(pipefd[0]);
		close(pipefd[1]);
		sandbox_records_free(recs, processes);
		free(s);
		return SUPER_FAILED;
	}

	while (!got_stop) {
		now = clock_ms();
		next = UINT64_MAX;
		for (i = 0; i < processes; i++) {
			if (s[i].pid != 0)
				continue;
			if (s[i].start_at <= now) {
				if (spawn(&s[i], i, pipefd, self, &old) ==
				    SUPER_WORKER) {
					/* recs stays mapped: the worker's
					 * sandbox records in its slot. */
					*ready_fd = pipefd[1];
					free(s);
					return SUPER_WORKER;
				}
				if (s[i].pid != 0)
					continue;
			}
			if (s[i].start_at < next)
				next = s[i].start_at;
		}
		tsp = NULL;
		if (next != UINT64_MAX) {
			next = next > now ? next - now : 0;
			ts.tv_sec = (time_t)(next / 1000);
			ts.tv_nsec = (long)(next % 1000) * 1000000L;
			tsp = &ts;
		}
		FD_ZERO(&rfds);
		FD_SET(pipefd[0], &rfds);
		pselect(pipefd[0] + 1, &rfds, NULL, NULL, tsp, &wait_mask);
		read_ready(pipefd[0], s, processes);
		reap(s, processes, 0);
	}
	stop_all(s, processes, grace_ms, &wait_mask);
	close(pipefd[0]);
	close(pipefd[1]);
	sandbox_records_free(recs, processes);
	free(s);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return SUPER_DONE;
}
