/*
 * trysys.c - built by make check (build/trysys), run by sandbox.bats:
 * installs one mode's seccomp filter (src/sandbox.c) in a child process,
 * makes one system call there, and says how the child ended.
 *
 *   trysys MODE CALL
 *   MODE: cgi, supervisor, worker, or none (no filter: the calls work)
 *   CALL: open openat execve socket connect fork newuser ptrace stat
 *         (a path's) fstat write
 * Prints "CALL: killed by signal N" or "CALL: allowed (exit N)"; exits 0,
 * or 2 for bad arguments or a filter that would not install.
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

#include "../../src/sandbox.h"

/* Makes system call `call` (sock: a TCP socket made before the filter).
 * Returns 0 if the call returned, whatever it returned; -1 if unknown. */
static int
try_call(const char *call, int sock)
{
	char		*argv[] = { "true", NULL }, *envp[] = { NULL };
	struct sockaddr_in sa;
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
	else
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	enum sandbox_mode mode = SANDBOX_CGI;
	char		 err[256];
	pid_t		 pid;
	int		 status, sock, none = 0;

	if (argc != 3)
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
	fflush(stdout);
	if ((pid = fork()) == -1)
		return 2;
	if (pid == 0) {
		if (!none && sandbox_enter(mode, err, sizeof(err)) == -1) {
			fprintf(stderr, "trysys: %s\n", err);
			_exit(2);
		}
		_exit(try_call(argv[2], sock) == 0 ? 0 : 3);
	}
	if (waitpid(pid, &status, 0) == -1)
		return 2;
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", argv[2], WTERMSIG(status));
	else if (WEXITSTATUS(status) == 0)
		printf("%s: allowed (exit 0)\n", argv[2]);
	else
		return 2;
	return 0;
}
