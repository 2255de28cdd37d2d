# The order of after decides the order of the outputs in the prompt, not
# the order of declaration.
flow "fanin" {}

agent "llm" {
  type     = "text"
  provider = "mistral"
}

task "first" {
  agent = agent.llm
  input = "one"
}

task "second" {
  agent = agent.llm
  input = "two"
}

task "third" {
  agent = agent.llm
  input = "three"
}

task "merge" {
  agent = agent.llm
  input = "merge these"
  after = [task.third, task.first, task.second]
}

task "merge_no_input" {
  agent = agent.llm
  after = [task.second, task.first]
}
