package io.drsorch.simulator.events;

/**
 * What happened to launch-result events so far.
 *
 * @param sent POSTs the target accepted (2xx), second copies included
 * @param dropped events left undelivered on purpose by the loss rate
 * @param duplicated events the duplicate rate chose to deliver twice
 * @param failed POSTs given up after every retry failed (non-2xx or I/O error)
 */
public record EventCounts(long sent, long dropped, long duplicated, long failed) {}
