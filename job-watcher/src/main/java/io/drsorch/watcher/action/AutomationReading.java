package io.drsorch.watcher.action;

/**
 * What one GetAutomationExecution said of an automation.
 *
 * @param status SSM's AutomationExecutionStatus, as SSM spells it ({@code InProgress}, {@code
 *     Success}, ...)
 * @param failureMessage SSM's words on a failure; null when it gave none
 */
record AutomationReading(String status, String failureMessage) {}
