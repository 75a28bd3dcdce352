/* SPDX-License-Identifier: ISC */
/*
 * trysys.c - built by make check (build/trysys), run by sandbox.bats:
 * installs one mode's seccomp filter (src/sandbox.c) in a child process
 * that records what its sandbox refuses in shared memory, as a FastCGI
 * worker does; makes one system call there; and says how the child ended.
 * Runs in that one process and its child.
 *
 *   trysys MODE CALL
 *   MODE: cgi, supervisor, worker, or none (no filter: the calls work)
 *   CALL: open openat execve socket connect fork newuser ptrace stat
 *         (a path's) fstat write sigaction (SIGSYS's handler) int80 (a
 *         32-bit getpid, x86_64 only)
 * Prints "CALL: allowed (exit 0)" or "CALL: killed by signal N", followed
 * by ", recorded" if the sandbox recorded the very call made, or
 * ", recorded " and what it recorded if another; exits 0, or 2 for bad
 * arguments or a filter that would not install.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <seccomp.h>

#include "../../src/sandbox.h"

/* The system call that CALL makes: its number (-1 for an unknown CALL)
 * and, in *arch, its AUDIT_ARCH_*. */
static long
call_nr(const char *call, unsigned *arch)
{
	static const struct {
		const char	*name;
		long		 nr;
	} calls[] = {
#ifdef SYS_open
		{ "open", SYS_open },
#else
		{ "open", SYS_openat },
#endif
		{ "openat", SYS_openat }, { "execve", SYS_execve },
		{ "socket", SYS_socket }, { "connect", SYS_connect },
		{ "fork", SYS_clone }, { "newuser", SYS_clone },
		{ "ptrace", SYS_ptrace }, { "stat", SYS_newfstatat },
		{ "fstat", SYS_newfstatat }, { "write", SYS_write },
		{ "sigaction", SYS_rt_sigaction },
	};
	size_t		 i;

	*arch = seccomp_arch_native();
	if (strcmp(call, "int80") == 0) {
		*arch = SCMP_ARCH_X86;
		return 20;		/* getpid on i386 */
	}
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(call, calls[i].name) == 0)
			return calls[i].nr;
	return -1;
}

/* Makes system call `call` (sock: a TCP socket made before the filter).
 * Returns 0 if the call returned, whatever it returned; -1 if unknown. */
static int
try_call(const char *call, int sock)
{
	char		*argv[] = { "true", NULL }, *envp[] = { NULL };
	struct sockaddr_in sa;
	struct sigaction act;
	struct stat	 st;

	if (strcmp(call, "open") == 0) {
#ifdef SYS_open
		syscall(SYS_open, "/etc/passwd", O_RDONLY);
#else
		syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
#endif
	} else if (strcmp(call, "openat") == 0)
		syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
	else if (strcmp(call, "execve") == 0)
		syscall(SYS_execve, "/bin/true", argv, envp);
	else if (strcmp(call, "socket") == 0)
		syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	else if (strcmp(call, "connect") == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_port = htons(1);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		syscall(SYS_connect, sock, (struct sockaddr *)&sa, sizeof(sa));
	} else if (strcmp(call, "fork") == 0)
		fork();		/* glibc: clone(SIGCHLD), no thread */
	else if (strcmp(call, "newuser") == 0)
		syscall(SYS_clone, (long)(CLONE_NEWUSER | SIGCHLD), 0L, 0L,
		    0L, 0L);
	else if (strcmp(call, "ptrace") == 0)
		syscall(SYS_ptrace, PTRACE_TRACEME, 0L, 0L, 0L);
	else if (strcmp(call, "stat") == 0)
		syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", &st, 0);
	else if (strcmp(call, "fstat") == 0)
		fstat(STDOUT_FILENO, &st);
	else if (strcmp(call, "write") == 0)
		syscall(SYS_write, STDOUT_FILENO, "", 0);
	else if (strcmp(call, "sigaction") == 0) {
		memset(&act, 0, sizeof(act));
		act.sa_handler = SIG_IGN;
		sigaction(SIGSYS, &act, NULL);
	} else if (strcmp(call, "int80") == 0) {
#if defined(__x86_64__)
		long	 rax = 20;

		__asm__ volatile ("int $0x80" : "+a" (rax) : : "memory");
#else
		return -1;
#endif
	} else
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	enum sandbox_mode mode = SANDBOX_CGI;
	struct sandbox_record *rec;
	char		 err[256], what[128];
	unsigned	 arch, want_arch;
	long		 want;
	pid_t		 pid;
	int		 status, sock, nr, none = 0;

	if (argc != 3 || (want = call_nr(argv[2], &want_arch)) == -1)
		return 2;
	if (strcmp(argv[1], "supervisor") == 0)
		mode = SANDBOX_SUPERVISOR;
	else if (strcmp(argv[1], "worker") == 0)
		mode = SANDBOX_WORKER;
	else if (strcmp(argv[1], "none") == 0)
		none = 1;
	else if (strcmp(argv[1], "cgi") != 0)
		return 2;
	unsetenv("STATUSCGI_SANDBOX");
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if ((rec = sandbox_records(1)) == NULL)
		return 2;
	fflush(stdout);
	if ((pid = fork()) == -1)
		return 2;
	if (pid == 0) {
		sandbox_record_to(rec);
		if (!none && sandbox_enter(mode, err, sizeof(err)) == -1) {
			fprintf(stderr, "trysys: %s\n", err);
			_exit(2);
		}
		_exit(try_call(argv[2], sock) == 0 ? 0 : 3);
	}
	if (waitpid(pid, &status, 0) == -1)
		return 2;
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d", argv[2], WTERMSIG(status));
	else if (WEXITSTATUS(status) == 0)
		printf("%s: allowed (exit 0)", argv[2]);
	else
		return 2;
	if (sandbox_recorded(rec, &nr, &arch) && nr == want &&
	    arch == want_arch)
		printf(", recorded");
	else if (sandbox_describe(rec, what, sizeof(what)))
		printf(", recorded %s", what);
	printf("\n");
	return 0;
}
