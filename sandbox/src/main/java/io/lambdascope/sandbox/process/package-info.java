/**
 * The processes of an execution environment: started in their own process groups, frozen and
 * thawed with SIGSTOP/SIGCONT, killed at deadlines, their output read as log lines.
 */
package io.lambdascope.sandbox.process;
