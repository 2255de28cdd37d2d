# Two independent chains, a -> b and c -> d, for the Temporal tests of
# retries and on_error = "continue".
flow "keepgoing" {
  on_error = "continue"
}

agent "llm" {
  type     = "text"
  provider = "openai"
  retry {
    attempts    = 3
    backoff     = "10ms"
    max_backoff = "20ms"
  }
}

task "a" {
  agent = agent.llm
  input = "a"
}

task "b" {
  agent = agent.llm
  input = "b ${task.a.output}"
}

task "c" {
  agent = agent.llm
  input = "c"
}

task "d" {
  agent = agent.llm
  input = "d ${task.c.output}"
}
