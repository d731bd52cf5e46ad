package dev.migrate.sampleworker;

import org.springframework.amqp.core.Queue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the durable queue {@code worker.queue} the listener reads, if it is missing. */
@Configuration(proxyBeanMethods = false)
class WorkerQueue {

    @Bean
    Queue queue(@Value("${worker.queue}") String name) {
        return new Queue(name, true);
    }
}
