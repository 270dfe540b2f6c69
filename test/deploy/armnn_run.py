"""Runs int8 .tflite models with Debian's Arm NN (CpuRef backend) for tinyevo's cross-runtime tests.

Usage: armnn_run.py MODEL.tflite INPUTS.bin OUTPUTS.bin
INPUTS.bin holds N input samples back to back as raw int8 (or the model input's own dtype); OUTPUTS.bin receives
the N outputs the same way. Prints one JSON line with the input/output shapes and quantisation parameters.
"""
import json
import sys

import numpy as np
import pyarmnn as ann


def main(model_path, inputs_path, outputs_path):
    parser = ann.ITfLiteParser()
    network = parser.CreateNetworkFromBinaryFile(model_path)
    in_name = parser.GetSubgraphInputTensorNames(0)[0]
    out_name = parser.GetSubgraphOutputTensorNames(0)[0]
    in_info = parser.GetNetworkInputBindingInfo(0, in_name)
    out_info = parser.GetNetworkOutputBindingInfo(0, out_name)
    runtime = ann.IRuntime(ann.CreationOptions())
    optimized, _ = ann.Optimize(network, [ann.BackendId('CpuRef')], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(optimized)
    in_tensor = in_info[1]
    in_dtype = np.int8 if in_tensor.GetDataType() == ann.DataType_QAsymmS8 else (np.uint8 if in_tensor.GetDataType() == ann.DataType_QAsymmU8 else np.float32)
    n_in = in_tensor.GetNumElements()
    data = np.fromfile(inputs_path, dtype=in_dtype)
    outs = []
    for k in range(len(data) // n_in):
        sample = data[k * n_in:(k + 1) * n_in].reshape(tuple(in_tensor.GetShape()[i] for i in range(in_tensor.GetNumDimensions())))
        inputs = ann.make_input_tensors([in_info], [sample])
        outputs = ann.make_output_tensors([out_info])
        runtime.EnqueueWorkload(net_id, inputs, outputs)
        outs.append(ann.workload_tensors_to_ndarray(outputs)[0].reshape(-1))
    np.concatenate(outs).tofile(outputs_path)
    o = out_info[1]
    print(json.dumps({
        'input': {'elements': n_in, 'scale': in_tensor.GetQuantizationScale(), 'zeroPoint': in_tensor.GetQuantizationOffset()},
        'output': {'elements': o.GetNumElements(), 'scale': o.GetQuantizationScale(), 'zeroPoint': o.GetQuantizationOffset(), 'dtype': str(outs[0].dtype)},
        'samples': len(outs),
    }))


if __name__ == '__main__':
    main(*sys.argv[1:4])
