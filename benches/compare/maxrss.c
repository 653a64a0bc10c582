/* maxrss PROGRAM [ARGS...]: runs PROGRAM (stdin inherited, stdout discarded) and prints its
 * peak resident memory in kB.
 *
 * Linux keeps, across exec, the high-water mark of the memory the process had before exec.
 * A launcher that spawns with vfork (Python's subprocess, posix_spawn) lends the child its own
 * address space until exec, so the child's peak would be the launcher's (Python: about 14 MB)
 * whenever that is larger. This launcher forks from a few hundred kB, far below anything
 * measured. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: maxrss PROGRAM [ARGS...]\n");
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if (null < 0 || dup2(null, 1) < 0) _exit(126);
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int status;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) {
    perror("wait4");
    return 1;
  }
  printf("%ld\n", usage.ru_maxrss);
  return 0;
}
