package io.drsorch.plans.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles of which a caller needs one to reach a resource method, checked by {@link AccessFilter}
 * before the method runs. A method without it is refused to every caller when authentication is on:
 * forgetting it closes an endpoint, it never opens one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
  /** Any one of these suffices. */
  Role[] value();
}
