# Five independent tasks under max_parallel = 2.
flow "wide" {
  max_parallel = 2
}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "t0" {
  agent = agent.llm
  input = "go"
}

task "t1" {
  agent = agent.llm
  input = "go"
}

task "t2" {
  agent = agent.llm
  input = "go"
}

task "t3" {
  agent = agent.llm
  input = "go"
}

task "t4" {
  agent = agent.llm
  input = "go"
}
