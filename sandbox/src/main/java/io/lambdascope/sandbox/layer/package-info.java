/** Layers unpacked into the folder that stands for {@code /opt}. */
package io.lambdascope.sandbox.layer;
