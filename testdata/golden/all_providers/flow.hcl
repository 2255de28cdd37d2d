# One text agent per provider that offers text, and stability for images:
# the generated file imports exactly the provider packages used.
flow "providers" {}

agent "oa" {
  type     = "text"
  provider = "openai"
}

agent "an" {
  type     = "text"
  provider = "anthropic"
}

agent "ge" {
  type     = "text"
  provider = "gemini"
}

agent "mi" {
  type     = "text"
  provider = "mistral"
}

agent "st" {
  type     = "image"
  provider = "stability"
}

agent "ol" {
  type     = "text"
  provider = "ollama"
}

agent "vl" {
  type     = "text"
  provider = "vllm"
}

agent "lc" {
  type     = "text"
  provider = "llamacpp"
}

task "t_oa" {
  agent = agent.oa
  input = "oa"
}

task "t_an" {
  agent = agent.an
  input = "an"
}

task "t_ge" {
  agent = agent.ge
  input = "ge"
}

task "t_mi" {
  agent = agent.mi
  input = "mi"
}

task "t_st" {
  agent = agent.st
  input = "st"
}

task "t_ol" {
  agent = agent.ol
  input = "ol"
}

task "t_vl" {
  agent = agent.vl
  input = "vl"
}

task "t_lc" {
  agent = agent.lc
  input = "lc"
}
