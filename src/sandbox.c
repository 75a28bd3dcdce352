/* SPDX-License-Identifier: ISC */
/*
 * sandbox.c - the seccomp filters of every mode, written with libseccomp
 * (rules by name, the same on amd64 and arm64). Each process calls
 * sandbox_enter() once, from one thread:
 * - a CGI or NPH process: main.c, before cgi_run() reads the request;
 * - the FastCGI supervisor: supervise(), before it forks the first worker;
 * - a FastCGI worker: the main thread in fcgi_run(), once its threads run
 *   and before the listening socket joins the epoll set; the filter is
 *   synchronised onto every thread (SCMP_FLTATR_CTL_TSYNC).
 * on_sigsys() runs in whichever thread of the supervisor or a worker made
 * a refused call; the records (sandbox_records()) are mapped and read by
 * the supervisor, written by its workers and by trysys's child.
 * Filters stack: a worker is forked under the supervisor's filter and adds
 * its own, so the supervisor's must allow what a worker needs (setting up
 * included); the worker's, narrower, decides what the worker keeps.
 *
 * The CGI filter is built at build time (sandbox-gen.c prints
 * sandbox_filter(SANDBOX_CGI) as BPF into build/gen/cgi-filter.h, loaded
 * as it is when SANDBOX_CGI_BPF is defined); the others at run time.
 *
 * What a refused call does:
 * - CGI and NPH: SECCOMP_RET_KILL_PROCESS, nothing else (no one is there
 *   to tell, and the generated filter stays as it was).
 * - A FastCGI worker: its supervisor must log which call it was, and
 *   KILL_PROCESS leaves the dead process nothing but its signal. So the
 *   filter traps (SECCOMP_RET_TRAP, also for a call of another ABI, such
 *   as int 0x80 on amd64): the kernel skips the call and raises SIGSYS in
 *   the thread that made it, and on_sigsys() stores si_syscall and
 *   si_arch in the worker's sandbox_record, a slot in memory shared with
 *   the supervisor, then calls reboot(END_MAGIC), which the filter
 *   answers with SECCOMP_RET_KILL_PROCESS: the worker still ends by
 *   SIGSYS, the whole process, through KILL_PROCESS.
 * - The supervisor: the same trap and handler, recording nowhere. It
 *   cannot keep a plain KILL_PROCESS: filters stack, every worker runs
 *   under the supervisor's filter too, and of the actions of all filters
 *   the kernel takes the strictest (KILL_PROCESS before TRAP), so a call
 *   both filters refuse (socket, open) would never reach the worker's
 *   trap. For the supervisor itself nothing changes but the few
 *   instructions of the handler before the same KILL_PROCESS.
 * A compromised process could try to escape the kill: replacing the
 *   handler (rt_sigaction of SIGSYS is refused too, the handler being in
 *   place already: installed before the supervisor's filter and inherited
 *   by its workers), or blocking or ignoring SIGSYS (the kernel then
 *   delivers a trap's SIGSYS with its default action: death by SIGSYS,
 *   only unrecorded). It can also write any record on that shared page,
 *   so a log line's call number is as trustworthy as the workers; the
 *   refusal itself never depends on the handler.
 *
 * The one refused call that ends no process is clone3, which the
 * supervisor answers with ENOSYS: glibc then creates a worker's threads
 * with clone, whose flags a filter can see (clone3 passes them in memory).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "nitems.h"
#include "sandbox.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP	0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1	/* si_code of a SIGSYS from SECCOMP_RET_TRAP */
#endif

/*
 * How on_sigsys() ends the process: reboot(END_MAGIC), which
 * the supervisor's and the workers' filters kill (KILL_PROCESS) and any
 * other reboot they refuse as usual (TRAP: recorded). Nothing legitimate
 * makes it: this program never reboots, no library it links does (glibc,
 * libfcgi, libseccomp, the sanitizer runtimes), and END_MAGIC is no
 * LINUX_REBOOT_MAGIC1 (0xfee1dead), so even without a filter the kernel
 * refuses it (EPERM without CAP_SYS_BOOT, else EINVAL) and does nothing.
 */
#define END_MAGIC	0x5359535fUL	/* "_SYS" */

/* The handler touches these: they must be lock-free (async-signal-safe,
 * and shared with another process). */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "sandbox_record needs a "
    "lock-free 64-bit atomic");
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "record_to needs a lock-free "
    "atomic pointer");

/* Where on_sigsys() records (sandbox_record_to()), or NULL. */
static _Atomic(struct sandbox_record *) record_to;

/* on_sigsys() is SIGSYS's handler: sandbox_enter() set it here or in the
 * process this one was forked from (whose filter refuses setting it). */
static int handler_set;

/* What every mode needs: reading and writing the descriptors it holds,
 * memory, time, random bytes, its own signals, exiting. Beside each call,
 * who makes it ("glibc", "libfcgi": a library of ours on our behalf). */
static const int base_calls[] = {
	SCMP_SYS(read),		/* fd_read() (cgi.c), libfcgi's OS_Read(),
				   park_take() (the timerfd) */
	SCMP_SYS(write),	/* fd_write() (cgi.c), libfcgi's OS_Write(),
				   fcgi_run() (ready pipe, stop eventfd),
				   messages on stderr */
	SCMP_SYS(readv), SCMP_SYS(writev),	/* none of ours: glibc's */
	SCMP_SYS(close),	/* conn_free(), conn_read_end() (conn.c),
				   libfcgi's FCGX_Finish_r(), fcgi_run() */
	SCMP_SYS(exit),		/* a loop thread's end (loop_main()) */
	SCMP_SYS(exit_group),	/* the process's end */
	SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise),	/* malloc() and free(): buf.c, reply.c,
				   conn_new(), park_add(), libfcgi */
	SCMP_SYS(futex),	/* pthread mutexes: conns.lock (conn.c),
				   the park's lock (park.c); glibc's */
	SCMP_SYS(clock_gettime),	/* clock_ms() (clock.h), time() */
	SCMP_SYS(clock_nanosleep),
	SCMP_SYS(nanosleep),	/* wait_ms() (serve.c), accept_one(),
				   drain() and fcgi_run() (fcgi.c) */
	SCMP_SYS(getrandom),	/* entropy() (cgi.c), loop_main() */
	SCMP_SYS(getpid),	/* fcgi_run(), entropy() (cgi.c), raise() */
	SCMP_SYS(gettid),	/* raise(), abort() (glibc) */
	SCMP_SYS(rt_sigreturn),	/* the end of a signal handler: super.c's
				   on_signal(), on_sigsys() */
	SCMP_SYS(rt_sigprocmask),	/* fcgi_run()'s pthread_sigmask(),
				   spawn() (super.c), raise(), abort() */
	SCMP_SYS(restart_syscall),	/* the kernel, resuming a sleep */
	SCMP_SYS(fstat),	/* glibc's stdio, on a stream's first use */
	SCMP_SYS(sched_yield),	/* none of ours: glibc's */
};

/* A FastCGI worker serving: connections from the listening socket, the
 * epoll set, the park's timer, the stop eventfd, the stop signals. Beside
 * each call, the functions that make it: a new one made in a worker
 * (fcgi.c, fcgi_serve.c, fcgi_wire.c, conn.c, park.c) goes here. */
static const int worker_calls[] = {
	SCMP_SYS(accept),
	SCMP_SYS(accept4),	/* accept_one() (fcgi.c); glibc's accept()
				   is accept4 on some architectures */
	SCMP_SYS(recvfrom),	/* fcgi_dispatch()'s recv() (fcgi_serve.c) */
	SCMP_SYS(recvmsg),	/* none of ours */
	SCMP_SYS(sendto),	/* none of ours */
	SCMP_SYS(sendmsg),	/* wire_write_records() (fcgi_wire.c) */
	SCMP_SYS(setsockopt),	/* conn_guard() (conn.c), accept_one()'s
				   TCP_NODELAY (fcgi.c) */
	SCMP_SYS(getsockopt),	/* none of ours once sandboxed
				   (sock_is_listener() runs before) */
	SCMP_SYS(shutdown),	/* conns_cut_slow(), conns_drain(),
				   conns_cut_writing() (conn.c) */
	SCMP_SYS(dup),		/* conn_read_begin() (conn.c) */
	SCMP_SYS(epoll_wait),
	SCMP_SYS(epoll_pwait),	/* loop_main() (fcgi.c); glibc's
				   epoll_wait() is epoll_pwait on arm64 */
	SCMP_SYS(epoll_ctl),	/* conn_arm(), quiet() (conn.c); watch(),
				   on_timer(), drain() (fcgi.c) */
	SCMP_SYS(timerfd_settime),	/* arm() (park.c) */
	SCMP_SYS(timerfd_gettime),	/* none of ours */
	SCMP_SYS(rt_sigtimedwait),	/* fcgi_run(), drain() (fcgi.c) */
	SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select),
	SCMP_SYS(pselect6),	/* libfcgi's os_unix.c waits with poll()
				   and select() (ppoll and pselect6 on
				   arm64); super.c's pselect() */
	SCMP_SYS(sigaltstack),	/* none of ours */
};

/* The supervisor: waiting for and replacing workers, and what a new
 * worker does before its own filter (threads, epoll set, timer, eventfd,
 * the listening socket's flags); removing its unix socket at the end. */
static const int supervisor_calls[] = {
	SCMP_SYS(wait4), SCMP_SYS(waitid),	/* waitpid() (super.c) */
	SCMP_SYS(kill),		/* stopping workers (super.c) */
	SCMP_SYS(pselect6),	/* supervise()'s pselect() (super.c) */
	SCMP_SYS(rt_sigsuspend),	/* none of ours */
	SCMP_SYS(getppid),	/* spawn() (super.c), in the new worker */
	SCMP_SYS(set_robust_list),
	SCMP_SYS(rseq),		/* glibc, starting a thread: fcgi_run()'s
				   pthread_create() in a new worker */
	SCMP_SYS(fcntl),	/* fcgi_run(): the listening socket's
				   O_NONBLOCK, in a new worker */
	SCMP_SYS(epoll_create1),
	SCMP_SYS(eventfd2),	/* fcgi_run(), in a new worker */
	SCMP_SYS(timerfd_create),	/* park_init(), in a new worker */
	SCMP_SYS(seccomp),	/* sandbox_enter(SANDBOX_WORKER), in a new
				   worker (libseccomp's seccomp_load()) */
	SCMP_SYS(unlink),
	SCMP_SYS(unlinkat),	/* main.c: its unix socket, at the end */
	SCMP_SYS(sched_getaffinity),	/* none of ours: glibc's */
	SCMP_SYS(getrlimit),
	SCMP_SYS(prlimit64),	/* none of ours once sandboxed (main.c's
				   getrlimit() runs before): glibc's */
};

#ifdef __SANITIZE_ADDRESS__
/* The ASan+UBSan build only: its runtime reads /proc/self/maps, and at
 * exit LeakSanitizer stops the threads from a clone()d tracer with
 * ptrace. The filters of the build anyone runs never allow these. */
static const int sanitizer_calls[] = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(readlink),
	SCMP_SYS(readlinkat), SCMP_SYS(getdents), SCMP_SYS(getdents64),
	SCMP_SYS(lseek), SCMP_SYS(newfstatat),
	SCMP_SYS(clone), SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(prctl),
	SCMP_SYS(sigaltstack), SCMP_SYS(getrlimit), SCMP_SYS(prlimit64),
	SCMP_SYS(mincore), SCMP_SYS(sched_getaffinity), SCMP_SYS(getppid),
	SCMP_SYS(pipe), SCMP_SYS(pipe2), SCMP_SYS(dup), SCMP_SYS(dup2),
	SCMP_SYS(dup3), SCMP_SYS(kill), SCMP_SYS(uname), SCMP_SYS(munlock),
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(stat),
	SCMP_SYS(lstat), SCMP_SYS(statx), SCMP_SYS(getuid), SCMP_SYS(ioctl),
	SCMP_SYS(fcntl),
};
#endif

int
sandbox_wanted(void)
{
	const char	*v = getenv("STATUSCGI_SANDBOX");

	if (v == NULL || *v == '\0' || strcmp(v, "on") == 0)
		return 1;
	if (strcmp(v, "off") == 0)
		return 0;
	return -1;
}

/*
 * SIGSYS in the supervisor or a worker, in whichever thread made the
 * refused call, every other signal blocked: records the call (the first
 * one, should two threads race), then ends the process by
 * reboot(END_MAGIC).
 * Async-signal-safe: lock-free atomics, system calls.
 */
static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	struct sandbox_record *r = atomic_load(&record_to);
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	unsigned long long none = 0, call;

	(void)uc;
	if (si->si_code == SYS_SECCOMP && r != NULL) {
		call = (unsigned long long)(unsigned)si->si_arch << 32 |
		    (unsigned)si->si_syscall;
		atomic_compare_exchange_strong(&r->call, &none, call);
	}
	syscall(SYS_reboot, END_MAGIC, 0L, 0L, 0L);
	/* Still here: no filter yet, and a SIGSYS from outside. It ends
	 * the process all the same, once this handler returns. */
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

/*
 * Makes on_sigsys() the handler of SIGSYS, unless it already is. Returns
 * 0, or -1 with errno set.
 */
static int
set_handler(void)
{
	struct sigaction sa;

	if (handler_set)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) == -1)
		return -1;
	handler_set = 1;
	return 0;
}

/* Allows the n calls of list. Returns 0, or a negative errno. */
static int
allow(scmp_filter_ctx ctx, const int *list, size_t n)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < n; i++)
		if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, list[i],
		    0)) < 0)
			return rc;
	return 0;
}

/*
 * The rules that look at arguments. Returns 0, or a negative errno.
 */
static int
allow_args(scmp_filter_ctx ctx, enum sandbox_mode mode)
{
	const uint64_t	 ns = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
	    CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP |
	    CLONE_NEWTIME;
	const int	 pctl[] = { PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS,
	    PR_GET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_GET_SECCOMP };
	size_t		 i;
	int		 rc;

	/* Signal handlers; under a trapping filter not SIGSYS's, which
	 * stays on_sigsys(), and reboot(END_MAGIC) kills (see the top). */
	if (mode == SANDBOX_CGI)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
		    SCMP_SYS(rt_sigaction), 0);
	else if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
	    SCMP_SYS(rt_sigaction), 1, SCMP_A0(SCMP_CMP_NE,
	    (uint64_t)SIGSYS))) == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS,
		    SCMP_SYS(reboot), 1, SCMP_A0(SCMP_CMP_EQ,
		    (uint64_t)END_MAGIC));
	if (rc < 0)
		return rc;
	/* fstat() as glibc makes it: newfstatat(fd, "", AT_EMPTY_PATH), not
	 * a path. */
	if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(newfstatat),
	    1, SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH))) < 0)
		return rc;
	/* Memory, never executable: no new code. */
	if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0))) < 0 ||
	    (rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0))) < 0)
		return rc;
	/* Signals to itself only (abort(), raise()); the supervisor's
	 * filter lets its workers signal themselves too. The CGI filter is
	 * built before the process exists (sandbox-gen.c): SIGABRT only. */
	if (mode == SANDBOX_CGI)
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill),
		    1, SCMP_A2(SCMP_CMP_EQ, (uint64_t)SIGABRT));
	if (mode != SANDBOX_SUPERVISOR)
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill),
		    1, SCMP_A0(SCMP_CMP_EQ, (uint64_t)getpid()));
	if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill),
	    0)) < 0)
		return rc;
	/* Workers and their threads, in no new namespace. */
	if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, ns, 0))) < 0 ||
	    (rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
	    SCMP_SYS(clone3), 0)) < 0)
		return rc;
	for (i = 0; i < sizeof(pctl) / sizeof(pctl[0]); i++)
		if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl),
		    1, SCMP_A0(SCMP_CMP_EQ, (uint64_t)pctl[i]))) < 0)
			return rc;
	return 0;
}

scmp_filter_ctx
sandbox_filter(enum sandbox_mode mode)
{
	scmp_filter_ctx	 ctx;
	int		 rc;

	if ((ctx = seccomp_init(mode == SANDBOX_CGI ? SCMP_ACT_KILL_PROCESS :
	    SCMP_ACT_TRAP)) == NULL)
		return NULL;
	/* A call of another ABI (libseccomp kills only the thread): the
	 * same trap, recorded with its architecture. */
	rc = 0;
	if (mode != SANDBOX_CGI)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
		    SCMP_ACT_TRAP);
	/* A binary tree of system call numbers: fewer comparisons per call
	 * (libseccomp 2.5); a linear filter if this libseccomp cannot. */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc == 0)
		rc = allow(ctx, base_calls, NITEMS(base_calls));
	if (rc == 0 && mode != SANDBOX_CGI)
		rc = allow(ctx, worker_calls, NITEMS(worker_calls));
	if (rc == 0 && mode == SANDBOX_SUPERVISOR)
		rc = allow(ctx, supervisor_calls, NITEMS(supervisor_calls));
#ifdef __SANITIZE_ADDRESS__
	if (rc == 0)
		rc = allow(ctx, sanitizer_calls, NITEMS(sanitizer_calls));
#endif
	if (rc == 0)
		rc = allow_args(ctx, mode);
	if (rc == 0 && mode == SANDBOX_WORKER)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (rc < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

#ifdef SANDBOX_CGI_BPF
/*
 * The CGI filter as make built it with libseccomp (build/gen/cgi-filter.h,
 * from sandbox-gen.c and sandbox_filter() above): libseccomp takes some
 * 275,000 instructions to build a filter, five times what a CGI request
 * costs otherwise. Returns 0, or -1 with errno set.
 */
#include "cgi-filter.h"

static int
load_cgi_filter(void)
{
	struct sock_fprog prog;

	prog.len = (unsigned short)NITEMS(cgi_filter);
	prog.filter = (struct sock_filter *)cgi_filter;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}
#endif

int
sandbox_enter(enum sandbox_mode mode, char *err, size_t n)
{
	scmp_filter_ctx	 ctx;
	int		 rc;

	switch (sandbox_wanted()) {
	case 0:
		return 0;
	case -1:
		snprintf(err, n, "STATUSCGI_SANDBOX takes on or off");
		return -1;
	}
	/* glibc reads /etc/localtime (or TZ's file) on its first time
	 * conversion, gmtime_r() included. Our own dates need none (cond.c
	 * formats them by arithmetic), so a CGI process never reads it;
	 * the supervisor reads it now all the same, for a library that
	 * might convert, and a worker has it from the supervisor (tzset()
	 * again would stat the file by its path, which the supervisor's
	 * filter forbids). */
	if (mode == SANDBOX_SUPERVISOR)
		tzset();
	if (mode != SANDBOX_CGI && set_handler() == -1) {
		snprintf(err, n, "cannot handle SIGSYS: %s", strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(err, n, "cannot set no_new_privs: %s",
		    strerror(errno));
		return -1;
	}
#ifdef SANDBOX_CGI_BPF
	if (mode == SANDBOX_CGI) {
		if (load_cgi_filter() == -1) {
			snprintf(err, n, "cannot install the seccomp filter: %s "
			    "(STATUSCGI_SANDBOX=off runs without it)",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
#endif
	if ((ctx = sandbox_filter(mode)) == NULL) {
		snprintf(err, n, "cannot make a seccomp filter");
		return -1;
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		snprintf(err, n, "cannot install the seccomp filter: %s "
		    "(STATUSCGI_SANDBOX=off runs without it)", strerror(-rc));
		return -1;
	}
	return 0;
}

struct sandbox_record *
sandbox_records(size_t n)
{
	struct sandbox_record *r;
	size_t		 i;

	if (n == 0 || n > SIZE_MAX / sizeof(*r))
		return NULL;
	r = mmap(NULL, n * sizeof(*r), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	for (i = 0; i < n; i++)
		atomic_init(&r[i].call, 0);
	return r;
}

void
sandbox_records_free(struct sandbox_record *r, size_t n)
{
	if (r != NULL)
		munmap(r, n * sizeof(*r));
}

void
sandbox_record_clear(struct sandbox_record *r)
{
	atomic_store(&r->call, 0);
}

void
sandbox_record_to(struct sandbox_record *r)
{
	atomic_store(&record_to, r);
}

int
sandbox_recorded(struct sandbox_record *r, int *nr, unsigned *arch)
{
	unsigned long long call;

	call = atomic_load(&r->call);
	if (call == 0)
		return 0;
	*nr = (int)(unsigned)(call & 0xffffffffu);
	*arch = (unsigned)(call >> 32);
	return 1;
}

int
sandbox_describe(struct sandbox_record *r, char *s, size_t n)
{
	char		*name = NULL;
	unsigned	 arch;
	int		 nr;

	if (n > 0)
		s[0] = '\0';
	if (!sandbox_recorded(r, &nr, &arch))
		return 0;
	/* libseccomp's own tables (arch 0 would mean this one, and is no
	 * AUDIT_ARCH_*): the name, or NULL for a number it does not know. */
	if (arch != 0)
		name = seccomp_syscall_resolve_num_arch(arch, nr);
	if (arch == seccomp_arch_native())
		snprintf(s, n, "system call %d%s%s%s", nr,
		    name != NULL ? " (" : "", name != NULL ? name : "",
		    name != NULL ? ")" : "");
	else
		snprintf(s, n, "system call %d%s%s%s of architecture %#x", nr,
		    name != NULL ? " (" : "", name != NULL ? name : "",
		    name != NULL ? ")" : "", arch);
	free(name);
	return 1;
}
