#!/usr/bin/python3
"""PyTorch side of scripts/bench/transformer-layer.ts: the same encoder layer, timed here.

Reads the engine's weights, input and loss projection as JSON on stdin (tensors
as {"shape", "data"}, the attention's in-projection split into wq/wk/wv),
loads them into nn.TransformerEncoderLayer, and times forward + backward in
float64 on one thread. Prints one JSON object on stdout with the timing, the
output, the loss and two weight gradients (for the agreement check); when
torch cannot be imported it prints {"available": false, "reason": ...}.
Usage: transformer-layer_torch.py WARMUP RUNS < weights.json
"""
import json
import sys

from torch_timing import timed


def main():
    warmup = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    spec = json.load(sys.stdin)
    try:
        import torch
        from torch import nn
    except ImportError as error:
        print(json.dumps({"available": False, "reason": f"torch not installed ({error}); set PYTHONPATH to a PyTorch install"}))
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

    layer_timing = timed(step, warmup, runs)

    print(json.dumps({
        "available": True,
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "layer": layer_timing,
        "output": output.detach().reshape(-1).tolist(),
        "loss": loss.item(),
        "gradients": gradients,
    }))


if __name__ == "__main__":
    main()
