/** The Runtime API (2018-06-01) the function's runtime polls for invocations and answers. */
package io.lambdascope.sandbox.runtime;
