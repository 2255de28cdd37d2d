# A user's own images and recording: a vision task compares a generated
# picture with two photos, a recognition task transcribes a recording,
# and a typed vision task lists what it sees.
flow "media_inputs" {}

variable "photo" {
  type        = image
  description = "The user's photo"
}

variable "sketch" {
  type = image
}

variable "memo" {
  type = audio
}

agent "painter" {
  type     = "image"
  provider = "openai"
}

agent "seer" {
  type     = "vision"
  provider = "gemini"
  model    = env("SEER_MODEL")
}

agent "ear" {
  type     = "recognition"
  provider = "openai"
}

task "paint" {
  agent = agent.painter
  input = "A lighthouse"
}

task "compare" {
  agent  = agent.seer
  input  = "Compare these pictures."
  after  = [task.paint]
  attach = [var.photo, var.sketch]
}

task "objects" {
  agent  = agent.seer
  input  = "List what the photo shows."
  attach = [var.photo]
  output = list(string)
}

task "transcript" {
  agent  = agent.ear
  attach = [var.memo]
}
