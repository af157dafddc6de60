/**
 * The Lambdascope extension process; start with {@link io.lambdascope.extension.Main}, then
 * {@link io.lambdascope.extension.Extension}. One package per stage: {@code config},
 * {@code lifecycle}, {@code telemetry}, {@code pipeline}.
 */
package io.lambdascope.extension;
