package dev.statewise.samples.springboot;

/** An agent would hold more open tickets than the desk allows. */
public class AgentAtCapacityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String agent;

    public AgentAtCapacityException(String agent, int limit) {
        super(agent + " already holds " + limit + " open tickets");
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }
}
