/** The sandbox's run report: JSON for tools, a summary for the terminal. */
package io.lambdascope.sandbox.report;
