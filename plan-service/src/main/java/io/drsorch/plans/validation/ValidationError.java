package io.drsorch.plans.validation;

/**
 * One problem with a request body.
 *
 * @param path where it is, e.g. {@code waves[1].dependsOn[0]}; empty when it concerns the whole
 *     body (e.g. malformed JSON)
 * @param message what is wrong, in words a user can act on
 */
public record ValidationError(String path, String message) {}
