package dev.migrate.sampleworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * An ordinary worker service: a RabbitMQ listener stores each message it receives and a scheduled
 * job records a heartbeat, both in tables the migrations create, with plain JDBC (no JPA).
 */
@SpringBootApplication
@EnableScheduling
public class SampleWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleWorkerApplication.class, args);
    }
}
