package io.drsorch.simulator.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A DRS job. Its whole timeline is fixed when it is created, so its status at any instant is
 * derived from the clock on read: exact, and no timer thread is needed.
 */
public final class Job {

  private final long sequence;
  private final String id;
  private final String arn;
  private final JobType type;
  private final boolean drill;
  private final Instant createdAt;
  private final Instant startedAt;
  private final Instant completedAt;
  private final Map<String, String> tags;
  private final List<Participant> participants;

  public Job(
      long sequence,
      String id,
      String arn,
      JobType type,
      boolean drill,
      Instant createdAt,
      Instant startedAt,
      Instant completedAt,
      Map<String, String> tags,
      List<Participant> participants) {
    this.sequence = sequence;
    this.id = id;
    this.arn = arn;
    this.type = type;
    this.drill = drill;
    this.createdAt = createdAt;
    this.startedAt = startedAt;
    this.completedAt = completedAt;
    this.tags = Map.copyOf(tags);
    this.participants = List.copyOf(participants);
  }

  public long sequence() {
    return sequence;
  }

  public String id() {
    return id;
  }

  public String arn() {
    return arn;
  }

  public JobType type() {
    return type;
  }

  public boolean drill() {
    return drill;
  }

  public String initiatedBy() {
    if (type == JobType.TERMINATE) {
      return "TERMINATE_RECOVERY_INSTANCES";
    }
    return drill ? "START_DRILL" : "START_RECOVERY";
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant completedAt() {
    return completedAt;
  }

  public Map<String, String> tags() {
    return tags;
  }

  public List<Participant> participants() {
    return participants;
  }

  public JobStatus statusAt(Instant now) {
    if (now.isBefore(startedAt)) {
      return JobStatus.PENDING;
    }
    return now.isBefore(completedAt) ? JobStatus.STARTED : JobStatus.COMPLETED;
  }

  /** A job holds its servers until it is COMPLETED. */
  public boolean isActiveAt(Instant now) {
    return statusAt(now) != JobStatus.COMPLETED;
  }

  public LaunchStatus launchStatusAt(Participant participant, Instant now) {
    return switch (statusAt(now)) {
      case PENDING -> LaunchStatus.PENDING;
      case STARTED -> LaunchStatus.IN_PROGRESS;
      case COMPLETED -> finalLaunchStatus(participant);
    };
  }

  private LaunchStatus finalLaunchStatus(Participant participant) {
    if (type == JobType.TERMINATE) {
      return LaunchStatus.TERMINATED;
    }
    return participant.failsToLaunch() ? LaunchStatus.FAILED : LaunchStatus.LAUNCHED;
  }

  /** The middle of the STARTED phase: conversion ends and the launch starts. */
  public Instant launchStartAt() {
    return startedAt.plus(Duration.between(startedAt, completedAt).dividedBy(2));
  }

  /** The middle of the PENDING phase: a previous recovery instance is gone by then. */
  public Instant cleanupEndAt() {
    return createdAt.plus(Duration.between(createdAt, startedAt).dividedBy(2));
  }
}
