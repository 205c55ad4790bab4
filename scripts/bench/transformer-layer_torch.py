#!/usr/bin/python3
"""PyTorch side of scripts/bench/transformer-layer.ts: the same encoder layer, timed on demand.

Reads the engine's weights, input and loss projection as JSON on stdin (tensors
as {"shape", "data"}, the attention's in-projection split into wq/wk/wv),
loads them into nn.TransformerEncoderLayer, and serves timing requests for
the step "layer" (forward + backward, float64, one thread) as torch_timing.py
describes. Its first line, the facts, carries the output, the loss and two
weight gradients (for the agreement check); when torch cannot be imported it
prints {"available": false, "reason": ...}.
Usage: transformer-layer_torch.py, the weights as one JSON line on stdin
"""
import json
import sys

from torch_timing import serve, unavailable


def main():
    # One line, not json.load(sys.stdin): stdin stays open for the timing requests.
    spec = json.loads(sys.stdin.readline())
    try:
        import torch
        from torch import nn
    except ImportError as error:
        unavailable(error)
        return

    torch.set_num_threads(1)
    f64 = torch.float64
    tensors = {name: torch.tensor(t["data"], dtype=f64).reshape(t["shape"]) for name, t in spec["tensors"].items()}
    layer = nn.TransformerEncoderLayer(
        d_model=spec["dModel"], nhead=spec["heads"], dim_feedforward=spec["feedforward"], dropout=0.0,
        activation="relu", batch_first=True, norm_first=False, dtype=f64,
    )
    layer.train()
    with torch.no_grad():
        attention = layer.self_attn
        attention.in_proj_weight.copy_(torch.cat([tensors["wq"], tensors["wk"], tensors["wv"]]))
        attention.in_proj_bias.copy_(torch.cat([tensors["bq"], tensors["bk"], tensors["bv"]]))
        attention.out_proj.weight.copy_(tensors["outWeight"])
        attention.out_proj.bias.copy_(tensors["outBias"])
        layer.linear1.weight.copy_(tensors["linear1Weight"])
        layer.linear1.bias.copy_(tensors["linear1Bias"])
        layer.linear2.weight.copy_(tensors["linear2Weight"])
        layer.linear2.bias.copy_(tensors["linear2Bias"])
        layer.norm1.weight.copy_(tensors["norm1Weight"])
        layer.norm1.bias.copy_(tensors["norm1Bias"])
        layer.norm2.weight.copy_(tensors["norm2Weight"])
        layer.norm2.bias.copy_(tensors["norm2Bias"])
    x = tensors["input"]
    projection = tensors["projection"]

    def step():
        layer.zero_grad(set_to_none=True)
        output = layer(x)
        loss = (output * projection).sum()
        loss.backward()
        return output, loss

    output, loss = step()
    d = spec["dModel"]
    gradients = {
        "linear1Weight": layer.linear1.weight.grad.reshape(-1).tolist(),
        "wq": attention.in_proj_weight.grad[:d].reshape(-1).tolist(),
    }

    serve({
        "available": True,
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "output": output.detach().reshape(-1).tolist(),
        "loss": loss.item(),
        "gradients": gradients,
    }, {"layer": step})


if __name__ == "__main__":
    main()
