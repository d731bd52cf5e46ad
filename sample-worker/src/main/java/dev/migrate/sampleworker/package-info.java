/** A worker service (RabbitMQ listener, scheduled job, plain JDBC) whose tables migrate keeps. */
@NullMarked
package dev.migrate.sampleworker;

import org.jspecify.annotations.NullMarked;
