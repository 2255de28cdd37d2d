# Excluded tasks still run and feed their successors; they are left out of
# Output.
flow "excluded" {}

agent "llm" {
  type     = "text"
  provider = "gemini"
}

task "hidden_root" {
  agent   = agent.llm
  input   = "root"
  exclude = true
}

task "shown" {
  agent = agent.llm
  input = "from ${task.hidden_root.output}"
}

task "hidden_leaf" {
  agent   = agent.llm
  input   = "leaf"
  after   = [task.shown]
  exclude = true
}

task "hidden_alone" {
  agent   = agent.llm
  input   = "alone"
  exclude = true
}
