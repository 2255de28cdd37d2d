# Run's scheduling and error modes (on_error = "continue"):
#
#   a -> b -> d <- c
#   e (independent)
flow "schedcontinue" {
  on_error = "continue"
}

agent "worker" {
  type     = "text"
  provider = "openai"
}

task "a" {
  agent = agent.worker
  input = "A"
}

task "b" {
  agent = agent.worker
  input = "B"
  after = [task.a]
}

task "c" {
  agent = agent.worker
  input = "C"
}

task "d" {
  agent = agent.worker
  input = "D"
  after = [task.b, task.c]
}

task "e" {
  agent = agent.worker
  input = "E"
}
